"""The one error type of a sheet that cannot be made as asked, importable without WeasyPrint,
so the build catches every such failure by type (see `pdf_build`)."""


class SheetError(BaseException):
    """A sheet cannot be made: it asked for a file it may not read (`FetchRefused`), or no
    layout holds its text (`SheetDoesNotFit`). The message names the kit and the sheet.

    A BaseException, like WeasyPrint's `FatalURLFetchingError`: WeasyPrint turns every
    Exception a URL fetcher raises into a warning and goes on rendering, and a refused file
    must stop the rendering. `pdf_build` turns it into a `PdfRenderError` for the build."""
