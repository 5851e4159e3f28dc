"""`gesprekskit serve`: a preview that answers at once and never goes silent.

The server listens before anything is built. The first pass builds the pages without PDFs (a
few seconds), the second adds the PDFs; every later save builds again with the PDF cache. A save
that changed kit files only first shows those kits' new pages (see `quick_kit_page`: about a
second, however large the guide), then the full build brings the rest up to date. Each
build goes into a fresh folder that replaces the served one only when it succeeded, so a page
is never half-written and requests never wait for a build. When a build fails, every HTML page
shows the problem (file, line, message) until the next good build, and the terminal says it too.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import signal
import threading
import traceback
from pathlib import Path
from collections.abc import Callable
from typing import Any

import click

from mkdocs.livereload import LiveReloadServer

from .diagnostics import GesprekskitError
from .progress import BuildCancelled, set_activity, set_cancel_check
from .scratch import SERVE_PREFIX, make_scratch, sweep_stale

log = logging.getLogger("mkdocs.plugins.gesprekskit")

DEFAULT_ADDRESS = "127.0.0.1:8000"

_PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 60rem; padding: 0 1rem;
       color: #1d2433; line-height: 1.5; }}
h1 {{ font-size: 1.5rem; }} .error h1 {{ color: #a4161a; }}
pre {{ background: #f4f5f7; border-left: 4px solid {accent}; padding: 1rem; white-space: pre-wrap;
      overflow-wrap: anywhere; font-size: .95rem; }}
</style></head>
<body class="{kind}"><h1>{title}</h1>{body}</body></html>
"""


class ServeAddressError(ValueError):
    """The --dev-addr value is not HOST:PORT."""


def parse_address(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeAddressError(f"'{address}' is not HOST:PORT, e.g. {DEFAULT_ADDRESS}")
    return host.strip("[]"), int(port)


def notice_page(title: str, paragraphs: list[str], details: str | None = None, *,
                error: bool = False, language: str = "en") -> bytes:
    """A plain page for the browser while there is no site to show, or the build failed."""
    from .languages import text_direction

    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    if details:
        body += f"<pre>{html.escape(details)}</pre>"
    return _PAGE.format(title=html.escape(title), body=body, kind="error" if error else "building",
                        accent="#a4161a" if error else "#3b6ea5", lang=html.escape(language),
                        dir=text_direction(language)).encode("utf-8")


def _guide_labels(project_root: Path) -> tuple[str, Callable[[str], str]]:
    """The guide's default language and its interface labels (the project's own locales
    first), for the pages the server shows itself; English when mkdocs.yml cannot be read."""
    from .cli_project import ProjectConfigError, open_project
    from .i18n import translator

    try:
        settings = open_project(project_root).settings
        language = settings.default_language
        return language, settings.context(language).translate
    except (ProjectConfigError, click.UsageError, OSError, LookupError):
        return "en", translator("en")


class _Capture(logging.Handler):
    """The warnings and errors logged during one build, for the error page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))

    def details(self, error: BaseException | str) -> str:
        """The errors first (what stopped the build), then the warnings of the same build."""
        errors = [text for level, text in self.records if level >= logging.ERROR]
        warnings = [text for level, text in self.records if level < logging.ERROR]
        final = str(error).strip()
        if final and not final.startswith("Aborted with a BuildError") and \
                not any(final in text for text in errors):
            errors.append(final)
        text = "\n\n".join(errors)
        if warnings:
            text += "\n\nWarnings of this build:\n" + "\n".join(warnings)
        return text


class GuideServer(LiveReloadServer):
    """MkDocs' live-reload server, with the building and error pages and a build loop that
    publishes each finished build by switching the served folder."""

    def __init__(self, project_root: Path, host: str, port: int) -> None:
        self.project_root = project_root
        # What killed servers left behind (a PDF build sweeps them too, see `scratch`).
        sweep_stale(None, (SERVE_PREFIX,))
        self.scratch = make_scratch(SERVE_PREFIX)
        first = self.scratch / "empty"
        first.mkdir()
        super().__init__(builder=lambda: None, host=host, port=port, root=str(first))
        self.language, self.label = _guide_labels(project_root)  # the pages in its language
        self.notice: bytes | None = notice_page(
            self.label("serve.building_title"), [self.label("serve.building_text")],
            language=self.language)
        self.has_site = False
        #: The served site has its PDFs (a pass with PDFs finished since the last change).
        self.has_pdfs = False
        self.generation = 0
        #: The project of the last good build, for the quick pages of a save that changes kits.
        self.project: Any = None
        self.layouts: dict[str, Any] = {}
        #: Files created, changed, moved or removed since the last build started.
        self.changed: set[Path] = set()
        self._changed_lock = threading.Lock()

    def server_bind(self) -> None:
        try:
            super().server_bind()
        except OSError as error:
            raise ServeAddressError(f"cannot listen on {self.url}: {error.strerror}; choose "
                                    "another address with --dev-addr, e.g. 127.0.0.1:8001") from None

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' watch, plus a note of which files changed (for the quick pages)."""
        from watchdog.events import FileSystemEventHandler

        super().watch(path, func, recursive=recursive)
        recorder = FileSystemEventHandler()

        def note(event: Any) -> None:
            if not event.is_directory:
                with self._changed_lock:
                    self.changed.update(Path(os.fsdecode(name)) for name in
                                        (event.src_path, getattr(event, "dest_path", "")) if name)

        recorder.on_any_event = note  # type: ignore[method-assign]
        self.observer.schedule(recorder, os.path.abspath(path), recursive=recursive)

    # --- requests -------------------------------------------------------------------------------

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        notice = self.notice
        if notice is not None and not path.startswith("/livereload/") and (
                path.endswith("/") or path.endswith(".html") or not self.has_site):
            content = self._inject_js_into_html(notice, self._visible_epoch)
            # 200, not 500: the page is the answer the author needs, and a browser shows it
            # either way; MkDocs' request log would call every reload of it a warning.
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                ("Content-Length", str(len(content))),
                                                ("Cache-Control", "no-store")])
            return [content]
        return super()._serve_request(environ, start_response)

    # --- building -------------------------------------------------------------------------------

    def _build_loop(self) -> None:
        print(f"Serving the guide on {self.url} (Ctrl-C stops the server).", flush=True)
        self._build_and_publish()
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                        lambda: self._want_rebuild or self._shutdown, timeout=self.shutdown_delay):
                    pass
                if self._shutdown:
                    break
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    pass  # let a burst of saves settle
                self._want_rebuild = False
            with self._changed_lock:
                changed, self.changed = self.changed, set()
            if self._publish_quick_pages(changed):
                log.info("The edited kit's page is up to date; building the rest again.")
            else:
                log.info("A file changed; building again.")
            self._build_and_publish()

    def _publish_quick_pages(self, changed: set[Path]) -> bool:
        """The edited kits' new pages, published at once when only kit files changed."""
        from .quick_kit_page import NotQuick, changed_kits, linked_copy, render_kit_pages

        if self.project is None or not self.has_site or self.notice is not None:
            return False
        served = Path(self.root)
        try:
            kit_files = changed_kits(self.project, changed)
            pages = render_kit_pages(self.project, kit_files, served, self.layouts)
        except NotQuick as reason:
            log.debug(f"No quick page: {reason}")
            return False
        except Exception:  # a bug in the shortcut must never cost the author the full build
            log.debug("No quick page:\n" + traceback.format_exc())
            return False
        self.generation += 1
        site_dir = self.scratch / f"site-{self.generation}"
        try:
            linked_copy(served, site_dir, pages)
        except OSError as error:
            log.debug(f"No quick page: {error}")
            shutil.rmtree(site_dir, ignore_errors=True)
            return False
        self._publish(site_dir)
        return True

    def _build_and_publish(self) -> None:
        """Pages first when there is no good site yet (so the browser has something within
        seconds), then the whole guide with its PDFs."""
        from click import UsageError

        from .cli_project import ProjectConfigError, open_project

        try:
            wants_pdfs = open_project(self.project_root).options.pdfs
        except (ProjectConfigError, UsageError) as error:
            self._show_error(error.format_message() if isinstance(error, UsageError)
                             else str(error))
            return
        pages_first = wants_pdfs and not (self.has_site and self.has_pdfs)
        passes: list[bool | None] = [False, None] if pages_first else [None]
        for pdfs in passes:
            set_activity("building the pages" if pdfs is False else "building the guide")
            # A save while PDFs render stops the rendering (finished kits stay cached), so
            # the change shows within seconds; the PDFs resume after the new pages.
            set_cancel_check((lambda: self._want_rebuild) if pdfs is None else None)
            try:
                built = self._build(pdfs)
            finally:
                set_cancel_check(None)
            if not built:
                break
            self.has_pdfs = pdfs is None and wants_pdfs
        set_activity(None)

    def _build(self, pdfs: bool | None) -> bool:
        from .build import SiteBuildError, build_into  # i17-plan: the plan drives MkDocs

        self.generation += 1
        site_dir = self.scratch / f"site-{self.generation}"
        capture = _Capture()
        mkdocs_logger = logging.getLogger("mkdocs")
        mkdocs_logger.addHandler(capture)
        try:
            plan = build_into(self.project_root, site_dir, pdfs=pdfs)
        except BuildCancelled:
            shutil.rmtree(site_dir, ignore_errors=True)
            self.has_pdfs = False
            log.info("A file changed while the PDFs were rendering; building the pages first.")
            return False
        except (SiteBuildError, GesprekskitError, OSError) as error:
            mkdocs_logger.removeHandler(capture)
            self._show_error(capture.details(error), already_shown=True)
            shutil.rmtree(site_dir, ignore_errors=True)
            return False
        except Exception:  # a bug: say so in both places, keep serving
            mkdocs_logger.removeHandler(capture)
            self._show_error(capture.details("Gesprekskit itself failed (a bug; please report "
                                             "it):\n" + traceback.format_exc()))
            shutil.rmtree(site_dir, ignore_errors=True)
            return False
        finally:
            mkdocs_logger.removeHandler(capture)
        # The project this build was made from, for the quick pages of the next save.
        self.project = plan.project
        self.layouts = {edition.language: edition.layout for edition in plan.editions}
        self._publish(site_dir)
        log.info("The pages are ready; rendering the PDFs now." if pdfs is False else
                 "The guide is up to date.")
        return True

    def _publish(self, site_dir: Path) -> None:
        previous = Path(self.root)
        self.root = str(site_dir)
        self.has_site = True
        self.notice = None
        self._reload_browsers()
        if previous.parent == self.scratch and previous.name.startswith("site-"):
            # Requests still reading the old folder hold their files open; a moment later
            # nothing does.
            threading.Timer(5.0, shutil.rmtree, (previous,), {"ignore_errors": True}).start()

    def _show_error(self, details: str, *, already_shown: bool = False) -> None:
        """The problem in every HTML page until the next good build, and in the terminal
        (where MkDocs' log has usually printed it already)."""
        log.error(("The build failed (see above)." if already_shown else
                   f"The build failed:\n{details}")
                  + f" The server keeps running at {self.url}: fix the file and save it, and "
                  "the browser reloads by itself.")
        self.notice = notice_page(self.label("serve.error_title"),
                                  [self.label("serve.error_text")], details, error=True,
                                  language=self.language)
        self._reload_browsers()

    def _reload_browsers(self) -> None:
        from mkdocs.livereload import _timestamp

        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = _timestamp()
            self._epoch_cond.notify_all()

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def _watched(project_root: Path) -> list[Path]:
    """What a save in should rebuild: mkdocs.yml and the files it INHERITs, the pages, the
    kits, the tips, the brands, the label files (`locales/`) and the languages' own fonts
    (each file, since a font may lie at the project's root, where the build writes)."""
    from .cli_project import open_project
    from .plan.config_file import inherited_files

    project = open_project(project_root)
    settings = project.settings
    fonts = [project_root / name for spec in settings.languages for name in spec.fonts]
    candidates = [*inherited_files(project_root / "mkdocs.yml"), project.docs_dir,
                  settings.kits_path,
                  settings.tips_path, project_root / "_brand.yml", project_root / "brands",
                  settings.workshops_path, settings.locales_dir, *fonts]  # workshops: issue 19
    if project.options.brand:
        candidates.append((project_root / project.options.brand).parent)
    chosen: list[Path] = []
    for path in candidates:
        path = path.resolve()
        if path.exists() and not any(path.is_relative_to(folder) for folder in chosen
                                     if folder.is_dir()):
            chosen.append(path)
    return chosen


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve_project(project_root: Path, address: str = DEFAULT_ADDRESS) -> None:
    """Serve until Ctrl-C (or SIGTERM); the temporary site folders go with the server."""
    host, port = parse_address(address)
    signal.signal(signal.SIGTERM, _interrupt)
    server = GuideServer(project_root, host, port)
    for path in _watched(project_root):
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        print("Stopped the server.", flush=True)
    finally:
        server.shutdown()
        server.close()
