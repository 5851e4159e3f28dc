"""What a sheet may load while it is rendered: files of Gesprekskit and of the project, nothing else.

WeasyPrint fetches stylesheets, fonts and images through a URL fetcher. This one serves only
``file://`` URLs of regular files whose real path (symlinks resolved) lies inside the allowed
roots, reads at most a fixed number of bytes, and stops the rendering for anything else, naming
the URL and the kit that asked for it. No network, no ``data:`` URLs, no devices.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .errors import SheetError
from .project_urls import PROJECT_SCHEME, project_file_url  # noqa: F401  (the scheme it serves)

#: The most a sheet may read from one file: far above any font, logo or stylesheet.
MAX_BYTES = 20 * 1024 * 1024

_TYPES = {".css": "text/css", ".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff",
          ".woff2": "font/woff2", ".svg": "image/svg+xml", ".png": "image/png",
          ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
          ".webp": "image/webp"}


class FetchRefused(FatalURLFetchingError, SheetError):
    """A sheet asked for something it may not load; the rendering stops."""

    def __init__(self, url: str, document: str, reason: str) -> None:
        self.url = url
        self.document = document
        self.reason = reason
        super().__init__(f"{document}: the sheet may not load '{url}': {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        """Rebuilt from its parts when it crosses from a render worker to the build."""
        return (type(self), (self.url, self.document, self.reason))


class ProjectFetcher(URLFetcher):
    """Serves local files inside ``roots`` to WeasyPrint; refuses everything else.

    ``document`` names what is being rendered (the kit file) in every refusal.
    """

    def __init__(self, roots: Iterable[Path], document: str, *,
                 max_bytes: int = MAX_BYTES, project_root: Path | None = None) -> None:
        super().__init__(fail_on_errors=True)
        self.roots = tuple(dict.fromkeys(Path(root).resolve() for root in roots))
        self.document = document
        self.max_bytes = max_bytes
        #: Where `gesprekskit-project:` URLs point (see `project_file_url`); None refuses them.
        self.project_root = project_root

    def _refuse(self, url: str, reason: str) -> FetchRefused:
        return FetchRefused(url, self.document, reason)

    def local_path(self, url: str) -> Path:
        """The real path a URL stands for, if the sheet may read it; raise FetchRefused if not."""
        parts = urlsplit(url)
        if parts.scheme.lower() == PROJECT_SCHEME and self.project_root is not None:
            inside = unquote(parts.path).lstrip("/")
            parts = urlsplit((self.project_root.absolute() / inside).as_uri())  # checked below
        if parts.scheme.lower() != "file":
            raise self._refuse(url, "only files of Gesprekskit and the project can be used "
                                    "(no web addresses or data URLs)")
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "files on other machines cannot be used")
        raw_path = url2pathname(unquote(parts.path))
        if not raw_path or "\x00" in raw_path:
            raise self._refuse(url, "not a file path")
        try:
            real = Path(raw_path).resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, "the file does not exist") from None
        if not any(real.is_relative_to(root) for root in self.roots):
            raise self._refuse(url, "the file is outside the project and Gesprekskit "
                                    f"(it resolves to {real})")
        return real

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        real = self.local_path(url)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            descriptor = os.open(real, flags)
        except OSError as error:
            raise self._refuse(url, f"the file cannot be opened ({error.strerror})") from None
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise self._refuse(url, "not a regular file")
            if info.st_size > self.max_bytes:
                raise self._refuse(url, f"the file is larger than {self.max_bytes} bytes")
            content = handle.read(self.max_bytes + 1)
        if len(content) > self.max_bytes:
            raise self._refuse(url, f"the file is larger than {self.max_bytes} bytes")
        content_type = (_TYPES.get(real.suffix.lower())
                        or mimetypes.guess_type(real.name)[0] or "application/octet-stream")
        return URLFetcherResponse(real.as_uri(), content, {"Content-Type": content_type})
