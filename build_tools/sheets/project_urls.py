"""How a document names a file of the project: by its path inside the project, not by where the
project lies. Apart from the fetcher that serves such URLs, so that the build can name files
(the handbook's content, a sheet's pictures) without loading WeasyPrint."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

#: A project file by its path inside the project (`gesprekskit-project:/content/img/a.png`),
#: not by where the project lies: WeasyPrint names a picture in the PDF after the md5 of its
#: URL, so a `file://` URL would make two builds of one guide in two folders differ.
PROJECT_SCHEME = "gesprekskit-project"


def project_file_url(root: Path, path: Path) -> str:
    """The URL a document uses for a file of the project: independent of the project's folder
    when the file lies inside it (the fetcher given `project_root` serves it)."""
    path = (path if path.is_absolute() else root / path).resolve()
    try:
        inside = path.relative_to(root.resolve())
    except ValueError:
        return path.as_uri()
    return f"{PROJECT_SCHEME}:/{quote(inside.as_posix())}"
