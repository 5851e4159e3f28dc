"""Keep Material for MkDocs' end-of-life notice out of the output of a guide's build.

Material prints a large notice for site developers ("reaches end of life…", a link to its
successor) whenever the `mkdocs` command loads the theme, unless NO_MKDOCS_2_WARNING is set.
The people who build a guide are HR staff, for whom it is noise, so Gesprekskit sets it. The
`gesprekskit` command imports this module before anything else; a plain `mkdocs build` does
when mkdocs.yml names `SILENCED` with a `!!python/name:` tag, which MkDocs resolves while
reading the file, before it loads the theme.
"""

from __future__ import annotations

import os

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

#: The value of the gesprekskit plugin's `quiet_theme_notice` setting in mkdocs.yml.
SILENCED = True
