"""What the handbook is made of besides the kits (mkdocs.yml's settings as plain data), and the
overview page's offer of it: apart from the layout, so that planning a build and writing its
pages never load WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..site.pages import SiteLayout
from .content import MarkdownSettings


@dataclass(frozen=True)
class HandbookSource:
    """What the handbook is made of besides the kits: mkdocs.yml's settings as plain data."""

    docs_dir: Path
    nav: list[Any] | None
    languages: list[str]
    site_name: str = "Gesprekskit"
    site_description: str = ""
    markdown: MarkdownSettings = MarkdownSettings()
    layout: SiteLayout = SiteLayout()
    #: Per language: site_name and site_description as mkdocs.yml translates them.
    titles: tuple[tuple[str, str, str], ...] = ()
    #: Per language: the nav's titles (as written in mkdocs.yml) → this language's.
    nav_titles: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @classmethod
    def from_config(cls, config: Any, languages: list[str], language_options: Any,
                    layout: SiteLayout, site_name: str | None = None) -> HandbookSource:
        """From mkdocs.yml's settings (any mapping with its keys: MkDocs' config or plain data);
        `language_options` maps a language to its `site_name` and `site_description`."""
        translations = tuple((code, tuple(dict(getattr(options, "nav", None) or {}).items()))
                             for code, options in dict(language_options or {}).items())
        titles = tuple((code, getattr(options, "site_name", None) or "",
                        getattr(options, "site_description", None) or "")
                       for code, options in dict(language_options or {}).items())
        return cls(docs_dir=Path(config["docs_dir"]), nav=config["nav"], languages=languages,
                   site_name=site_name or config["site_name"] or "Gesprekskit",
                   site_description=config["site_description"] or "",
                   markdown=MarkdownSettings(tuple(config["markdown_extensions"]),
                                             dict(config["mdx_configs"])),
                   layout=layout, titles=titles, nav_titles=translations)

    def nav_in(self, language: str, default_language: str) -> list[Any] | None:
        """The nav as the handbook of `language` prints it: its titles translated as the
        language's `nav:` in mkdocs.yml gives them."""
        titles = dict(dict(self.nav_titles).get(language, ()))
        if self.nav is not None and titles and language != default_language:
            from ..site.navigation import translate_nav

            return translate_nav(self.nav, titles)
        return self.nav

    def title(self, language: str) -> tuple[str, str]:
        for code, name, description in self.titles:
            if code == language:
                return name or self.site_name, description or self.site_description
        return self.site_name, self.site_description


def handbook_link_html(url: str, translate: Any) -> str:
    """The overview page's offer of the handbook: a button with a line on what it holds."""
    from markupsafe import escape

    return (f'<p class="gk-handbook"><a class="md-button" href="{escape(url)}" download>'
            f'{escape(translate("handbook.download"))}</a><br>'
            f'<span class="gk-muted">{escape(translate("handbook.download_hint"))}</span></p>\n')
