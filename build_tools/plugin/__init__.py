"""The MkDocs plugin `gesprekskit`: a thin adapter between MkDocs events and the core."""
