"""Tree cleaning before the body is located: named stages, run in order by ``clean_tree``.

Each stage removes what can never be article text, whatever the page: code and media elements
(a ``<noscript>`` holding paragraphs is unwrapped instead: it is the page's no-JavaScript text),
invisible elements, landmark elements (navigation, asides, footers, dialogs; kept when they hold
the headline or the article) and hover cards of links inside paragraphs. Class/id-based
boilerplate is *not* removed here: a class word is weak evidence, so it only lowers the score of a
subtree when the container is chosen (``body_score``) and is pruned inside the chosen container
(``body_blocks``), where a false hit costs little.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.extraction import xpaths
from newsscraper.extraction.trace import Trace

PROTECT_SHARE = 0.4
"""A landmark holding more than this share of the page's text is kept: some sites wrap the whole
page in ``<aside>`` or ``role=complementary``. 0.4 keeps every article of the tuning sets whose
text sat in such a wrapper and still drops real sidebars, which hold far less."""

MAIN_LANDMARK = 300
"""A landmark with more text than this that holds the headline or an ``<article>`` is kept."""
POPUP_LINK_SHARE = 0.7
"""Link share from which a multi-link box inside a paragraph is a hover card, not prose with
citations (prose with two links is well under 0.5)."""


def strip_unwanted_tags(
    root: HtmlElement, trace: Trace | None = None, noscripts: list[HtmlElement] | None = None
) -> None:
    """Drop scripts, styles, media, forms controls and the head (tails kept); unwrap a
    ``<noscript>`` that holds paragraphs (a page's no-JavaScript text) and drop the others.
    ``noscripts``: the ``<noscript>`` elements of ``root``, when the caller has them already."""
    # iter() with a tag filter is a C-level walk ~30 % cheaper than the equivalent XPath
    # ``//noscript[.//p]``; the few ``<noscript>`` found are then looked into
    found = root.iter("noscript") if noscripts is None else noscripts
    for el in [el for el in found if next(el.iterdescendants("p"), None) is not None]:
        el.tag = "div"
    etree.strip_elements(root, "noscript", *xpaths.UNWANTED_TAGS, with_tail=False)


def drop_hidden(
    root: HtmlElement,
    trace: Trace | None = None,
    attrs: list[etree._ElementUnicodeResult] | None = None,
    tab_panels: frozenset[str] | None = None,
    *,
    panels: bool = False,
    disclosed: frozenset[str] | None = None,
) -> None:
    """Drop elements the reader never sees (``hidden``, ``display:none``...); ``aria-hidden`` only
    when it holds no paragraph (some sites hide text for an animation that JavaScript plays).
    The closed panels of a manual's tab widget are kept (``_tab_panel``), and with ``panels``
    (the page declares an article: ``body._declares_article``) the collapsed panels of its
    disclosures (``_collapsed_panel``): an article's FAQ answers and accordion sections, which
    WCXB's truth holds (two tuning sites, a buying guide's "Cushioning" section, an EV guide's FAQ).
    On every page they lost listing checking (.615 -> .612, session 12: a shop's filter panels);
    on a declared product an 80-character panel moved a container (bench/README, "left out").
    ``attrs``: what ``xpaths.HIDDEN_ATTRS`` finds in ``root``, when the caller has it already;
    ``tab_panels``: the ids that tabs which were ``<button>`` elements control, taken before
    ``strip_unwanted_tags`` dropped them (the other tabs are looked up in ``root`` only when a
    hidden element is a tab panel). ``disclosed``, on a page declaring no article, product or list
    (``None`` elsewhere): the ids that disclosure buttons named before they were stripped; with
    it, the panels of the page's disclosures that hold prose are kept (``_disclosed_panel``)."""
    hidden = []
    for attr in xpaths.HIDDEN_ATTRS(root) if attrs is None else attrs:
        el = attr.getparent()
        name = attr.attrname
        if name == "hidden" or (
            xpaths.HIDDEN_STYLE.search(attr)
            if name == "style"
            else next(el.iterdescendants("p"), None) is None
        ):
            hidden.append(el)
    if any(el.get("role") == "tabpanel" for el in hidden):
        ids = tab_panel_ids(root) | (tab_panels or frozenset())
        hidden = [el for el in hidden if not _tab_panel(el, ids)]
    if disclosed is not None and any(el.get("id") for el in hidden):
        # a service page's accordion (its courses, its FAQ) is named by its toggles, not guessed
        ids = disclosed | disclosure_ids(root)
        kept = [el for el in hidden if el.get("id") in ids and _disclosed_panel(el)]
        hidden = _spared(
            hidden, kept, trace, "disclosed-panel", "<{tag} id={id!r}> named by an aria-expanded toggle"
        )
    if panels and hidden:
        # a declared article's accordion (its FAQ, its buying guide's sections) is its text
        shut = set(hidden)
        kept = [el for el in hidden if _collapsed_panel(el, shut)]
        hidden = _spared(
            hidden, kept, trace, "collapsed-panel", "<{tag} {cls!r}> after a toggle, on a declared article"
        )
    _drop(_not_page_wrappers(hidden, root), root, trace, "hidden", "hidden attribute or inline style")


def _spared(
    hidden: list[HtmlElement], kept: list[HtmlElement], trace: Trace | None, rule: str, evidence: str
) -> list[HtmlElement]:
    """``hidden`` without ``kept``, each kept panel noted in ``trace`` under ``rule``; ``evidence``
    is formatted with the panel's ``tag``, ``id`` and ``cls`` (its class string)."""
    if trace is not None:
        for el in kept:
            note = evidence.format(tag=el.tag, id=el.get("id"), cls=el.get("class", ""))
            trace.add("cleaning", rule, "keep", el.text_content(), note)
    return [el for el in hidden if el not in kept] if kept else hidden


PAGE_WRAPPER_SHARE = 0.6
"""Share of the page's text (after scripts and styles are stripped) from which an element hidden
by its attribute or inline style wraps the page's content (hidden until a script runs) rather
than one part of it. Between the measured cases: readability.js's ``visibility-hidden`` page hides
0.52 of its text (a hidden part, to drop); WCXB tuning pages hide 0.72, 0.90 and 1.0 (the
content, hydrated by a script). 0.4 lost the readability case; 0.9 lost two product pages."""


def _not_page_wrappers(hidden: list[HtmlElement], root: HtmlElement) -> list[HtmlElement]:
    """``hidden`` without the elements holding ``PAGE_WRAPPER_SHARE`` of the page's text: a
    framework hides the whole page (``visibility:hidden`` on the app's root) until its script has
    run, and the reader then sees all of it (as ``mark_stylesheet_hidden`` does for the page's
    stylesheet). The page's text is measured only when a hidden element is large enough to matter."""
    if not hidden:
        return hidden
    sizes = [len(el.text_content()) for el in hidden]
    if max(sizes) <= MAIN_LANDMARK:
        return hidden
    limit = PAGE_WRAPPER_SHARE * len(root.text_content())
    return [el for el, size in zip(hidden, sizes, strict=True) if size < limit]


def drop_landmarks(
    root: HtmlElement, trace: Trace | None = None, roles: list[etree._ElementUnicodeResult] | None = None
) -> None:
    """Drop navigation, asides, footers and dialogs unless they hold most of the page's text
    (``PROTECT_SHARE``) and read as prose or are dialogs (``_reads_as_prose``: a mega-menu of
    category names holds most of a shop's text), or hold the headline or the article.
    ``roles``: what ``xpaths.ROLE_ATTRS`` finds in ``root``, when the caller has it already."""
    found = list(root.iter(*xpaths.LANDMARK_TAGS))
    found.extend(
        attr.getparent()
        for attr in (xpaths.ROLE_ATTRS(root) if roles is None else roles)
        if attr.attrname == "aria-modal" or attr in xpaths.LANDMARK_ROLES
    )
    if not found:
        return
    texts = [el.text_content() for el in found]
    sizes = [len(text) for text in texts]
    limit = 500.0
    if max(sizes) > limit:  # only then is the page's total worth measuring
        limit = max(PROTECT_SHARE * len(root.text_content()), limit)
    _drop(
        [
            el
            for el, text, size in zip(found, texts, sizes, strict=True)
            if (size <= limit or not (_dialog(el) or _reads_as_prose(text)))
            and not (size > MAIN_LANDMARK and xpaths.landmark_keep(el))
        ],
        root,
        trace,
        "landmark",
        "nav/aside/footer or a landmark role",
    )


LANDMARK_SENTENCES = 2.0
"""Sentence ends per 1,000 characters from which a landmark holding much of the page's text
reads as prose (a page wrapped in ``<aside>``), not as a menu: prose ends a sentence every ~100
characters (~10 per 1,000), a mega-menu of category names or a sitemap footer almost never
(under 0.5 per 1,000 on WCXB's tuning pages). 1.0 and 4.0 give the same WCXB figures."""
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$)")
_SENTENCE_MARKS = ".!?。！？"
"""The characters that ``_SENTENCE_END`` matches (when white space or the end follows)."""


def _dialog(el: HtmlElement) -> bool:
    """Whether ``el`` is a dialog (``aria-modal``, ``role=dialog``): unlike a menu, a large one
    can hold the page's tables and lists (a size guide, a product's details in a drawer)."""
    return el.get("aria-modal") is not None or el.get("role") in _DIALOG_ROLES


_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})


def _reads_as_prose(text: str) -> bool:
    """Whether ``text`` ends sentences often enough to be prose (``LANDMARK_SENTENCES``)."""
    limit = LANDMARK_SENTENCES * len(text)
    # the marks counted whatever follows them bound the sentence ends from above: a menu or a
    # footer has too few of them even so (every large landmark of the aeb pages but the two that
    # read as prose), and six counts in C cost a fraction of the search; prose stops the search
    # once it has found enough
    if sum(map(text.count, _SENTENCE_MARKS)) * 1000 < limit:
        return False
    count = 0
    for count, _ in enumerate(_SENTENCE_END.finditer(text), 1):
        if count * 1000 >= limit:
            return True
    return count * 1000 >= limit


def _drop(
    elements: list[HtmlElement],
    root: HtmlElement,
    trace: Trace | None = None,
    rule: str = "",
    evidence: str = "",
) -> None:
    """Remove ``elements`` (keeping their tails), skipping the root and already-removed ones;
    with a ``trace``, record each as dropped by ``rule``."""
    for el in elements:
        parent = el.getparent()
        if parent is None or el is root:
            continue
        if trace is not None:
            words = " ".join(f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}".split())
            trace.add("cleaning", rule, "drop", el.text_content(), f"<{el.tag} {words!r}>: {evidence}")
        tail = el.tail
        if tail and tail.strip():
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


def drop_inline_popups(root: HtmlElement, trace: Trace | None = None) -> None:
    """Drop hover cards nested in paragraphs: a box of two or more links that is all link text."""
    popups = []
    for p in root.iter("p"):  # a C-level walk; the few paragraphs with links are looked into
        if not _two_links(p):
            continue
        for el in p.iterdescendants("span", "div"):
            if not _two_links(el):
                continue
            text = len(el.text_content())
            # most links hold only text: reading it skips text_content()'s XPath call
            links = sum(len(a.text_content() if len(a) else a.text or "") for a in el.iter("a"))
            if text > 40 and links >= POPUP_LINK_SHARE * text:
                popups.append(el)
    _drop(popups, root, trace, "inline-popup", f"link share >= {POPUP_LINK_SHARE}")


STYLE_SHEET_CHARS = 5_000
"""Longest ``<style>`` element read for hiding rules. A page's own rules for its widgets come in
short sheets; the long ones are an inlined framework or critical-path CSS, whose hiding rules are
generic (and reading them cost 15 % of the extraction time on aeb)."""
STYLE_CHARS = 20_000
"""Characters of ``<style>`` text read in all: bounds the cost on pages with many short sheets."""
STYLE_HIDDEN_MAX = 200
"""Most class/id names collected as hidden; a stylesheet hiding more is a framework's utility
sheet, and its first names are enough."""


def mark_stylesheet_hidden(
    root: HtmlElement, trace: Trace | None = None, styles: list[HtmlElement] | None = None
) -> None:
    """Mark the elements the page's own stylesheet hides (``xpaths.CSS_HIDDEN_MARK``): a
    top-level rule ``.name{display:none}`` or ``#name{visibility:hidden}`` with one simple
    selector, outside ``@media`` and the other at-rules (whose hiding depends on the screen). A
    name that another rule shows (``.tab.active{display:block}``) is left alone: the page reveals
    it. Runs before the ``<style>`` elements are stripped; a subtree holding most of the page's
    text is never marked (a framework can hide the body until a script runs). Marked, not
    dropped: the reading prunes them inside the chosen container (``body_blocks``), so that the
    container is chosen on the page as served (dropping them here moved the container onto a
    page wrapper on two aeb pages, -0.009 on the checking half)."""
    found = root.iter("style") if styles is None else styles
    sheets = [text for style in found if (text := style.text) and len(text) <= STYLE_SHEET_CHARS]
    css = "".join(sheets)[:STYLE_CHARS]
    if "none" not in css and "hidden" not in css:
        return
    hidden, shown = _hiding_rules(css)
    hidden -= shown
    if not hidden:
        return
    body = root.find("body")
    if body is None:
        return
    found = [
        attr.getparent()
        for attr in _naming_attrs(hidden)(body)
        if not hidden.isdisjoint(attr.split() if attr.attrname == "class" else ("#" + attr,))
    ]
    if not found:
        return
    limit = PROTECT_SHARE * len(body.text_content())
    tabs = tab_panel_ids(root) if any(el.get("role") == "tabpanel" for el in found) else frozenset()
    for el in found:
        if len(el.text_content()) <= limit and not _collapsed_panel(el) and not _tab_panel(el, tabs):
            el.set(xpaths.CSS_HIDDEN_MARK, "")
            if trace is not None:
                words = " ".join(f"{el.get('class', '')} {el.get('id', '')}".split())
                trace.add("cleaning", "stylesheet-hidden", "mark", el.text_content(), f"<{el.tag} {words!r}>")


def _naming_attrs(hidden: set[str]) -> etree.XPath:
    """A query for the class and id attributes that may name one of ``hidden`` (class names
    ``name``, ids ``#name``; both ``[\\w-]+``, so no quote can end a literal): a class holding the
    name as a substring, an id equal to it. A superset of the exact test made on its results, in
    the same document order; filtering in C instead of making a Python string of every class and
    id of the page halves this stage's cost on the pages with hiding rules."""
    classes = [name for name in hidden if not name.startswith("#")]
    ids = [name[1:] for name in hidden if name.startswith("#")]
    parts = []
    if classes:
        parts.append("//*/@class[" + " or ".join(f"contains(.,'{name}')" for name in classes) + "]")
    if ids:
        parts.append("//*/@id[" + " or ".join(f".='{name}'" for name in ids) + "]")
    return etree.XPath(" | ".join(parts))


PANEL_LABEL = 200
"""Longest text of the visible label (a question, a section title) right before a collapsed panel."""
PANEL_PROSE = 100
"""Fewest characters outside links of a collapsed panel's text: an answer or a section's prose,
not a menu (a dropdown menu is link text)."""
PANEL_LINKS = 0.2
"""Most share of a collapsed panel's text inside links."""


def _collapsed_panel(el: HtmlElement, shut: set[HtmlElement] | None = None) -> bool:
    """Whether ``el``, hidden by the page's stylesheet (or, with ``shut``, by its own attribute or
    inline style), is the collapsed panel of a disclosure (an FAQ's answer, an accordion's
    section): the element right before it is a visible short toggle (``_toggle``, text of 1 to
    ``PANEL_LABEL`` characters) and it holds prose (``PANEL_PROSE`` characters outside links, at
    most ``PANEL_LINKS`` linked). A reader opens it with one click and it is
    part of the page's text; a hidden menu is links, a hidden modal follows no label of its own.
    ``shut``: the elements hidden by their attribute or inline style, when ``el`` is one of them
    (``drop_hidden``): the toggle must not be one, and a heading left empty counts as a toggle's
    label (its text was a ``<button>``'s, stripped before; ``<h3><button>Cushioning</button></h3>``)."""
    label = el.getprevious()
    while label is not None and not isinstance(label.tag, str):
        label = label.getprevious()
    if label is None or xpaths.CSS_HIDDEN_MARK in label.attrib or (shut is not None and label in shut):
        return False
    label_text = len(label.text_content().strip())
    # a heading emptied by the cleaning: its toggle's text was a <button>'s, stripped before the
    # inline-hidden panels are looked at (the stylesheet's are marked before)
    emptied = shut is not None and label.tag in xpaths.HEADING_TAGS
    if not (label_text > 0 or emptied) or label_text > PANEL_LABEL or not _toggle(label):
        return False
    text = len(el.text_content())
    linked = sum(len(a.text_content()) for a in el.iter("a"))
    return text - linked >= PANEL_PROSE and linked <= PANEL_LINKS * text


def disclosure_targets(el: HtmlElement) -> list[str]:
    """The ids that ``el``, a disclosure's toggle, names as its panel: its ``aria-controls`` (an
    id list, WAI-ARIA), its ``data-bs-target``/``data-target`` (Bootstrap's collapse) or its
    ``href`` when they are ``#id``."""
    names = (el.get("aria-controls") or "").split()
    for attr in ("data-bs-target", "data-target", "href"):
        value = el.get(attr)
        if value and value[0] == "#" and len(value) > 1:
            names.append(value[1:])
    return names


def disclosure_ids(root: HtmlElement) -> frozenset[str]:
    """The ids that the ``aria-expanded`` toggles left in ``root`` name (``disclosure_targets``)."""
    return frozenset(name for el in _DISCLOSURES(root) for name in disclosure_targets(el))


_DISCLOSURES = etree.XPath("//*[@aria-expanded]")


def _disclosed_panel(el: HtmlElement) -> bool:
    """Whether ``el``, hidden and named by a disclosure's toggle (WAI-ARIA Authoring Practices,
    "Disclosure" and "Accordion": a control with ``aria-expanded`` whose ``aria-controls`` or
    target is the panel's id), is hidden by its ``hidden`` attribute or inline style (not
    ``aria-hidden`` alone, which an open widget may keep too: a tuning page's video transcript,
    -0.135 on it), and holds prose: ``PANEL_PROSE`` characters outside links, at most
    ``PANEL_LINKS`` of its text linked, a sentence's end. The reader opens it with one click; a
    service page's courses or FAQ answers sit in such panels, and WCXB's truth keeps them (one
    tuning service site, one shop without a declared product). The toggle's ``aria-expanded``
    is the evidence: ``role=tab`` panels of prose (a shop's "our sales engineers" tab) lost
    a forum checking page and two tuning product pages. Not on a declared article (the
    ``collapsed-panel`` rule's place: there a video's transcript and a government banner, both
    named by such toggles, are not the article) nor on a declared product or list (a product
    checking page lost .32 of F1)."""
    if "hidden" not in el.attrib and not xpaths.HIDDEN_STYLE.search(el.get("style") or ""):
        return False  # hidden from screen readers only: a tuning article's video transcript
    text = el.text_content()
    linked = sum(len(a.text_content()) for a in el.iter("a"))
    if len(text) - linked < PANEL_PROSE or linked > PANEL_LINKS * len(text):
        return False
    return _SENTENCE_END.search(text) is not None


def tab_panel_ids(root: HtmlElement) -> frozenset[str]:
    """The ids that ``role=tab`` elements of ``root`` name in ``aria-controls`` (space-separated
    id lists, WAI-ARIA): the panels of the page's tab widgets."""
    return frozenset(name for value in _TAB_CONTROLS(root) for name in value.split())


_TAB_CONTROLS = etree.XPath("//*[@role = 'tab']/@aria-controls")


def _tab_panel(el: HtmlElement, tab_panels: frozenset[str]) -> bool:
    """Whether ``el``, hidden, is a closed panel of a manual's tab widget (WAI-ARIA Authoring
    Practices, "Tabs"): ``role=tabpanel`` whose id is in ``tab_panels`` (named by a ``role=tab``
    element's ``aria-controls``), in a widget (its parent) that holds code (``<pre>``, ``<code>``)
    and itself not mostly links (at most ``PANEL_LINKS`` of its text linked). A reader opens it
    with one click on its tab; a manual puts one variant of the same steps in each (one per
    language or platform), and WCXB's truth keeps them. Keeping every prose tab panel also
    kept a shop's tabs of sales pitch (two tuning product pages -0.016 each, one checking forum
    page -0.058 and one service page read as an article), so the widget must hold code."""
    if el.get("role") != "tabpanel" or el.get("id") not in tab_panels:
        return False
    widget = el.getparent()
    if widget is None or next(widget.iter("pre", "code"), None) is None:
        return False
    text = len(el.text_content().strip())
    linked = sum(len(a.text_content()) for a in el.iter("a"))
    return text > 0 and linked <= PANEL_LINKS * text


TOGGLE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "button", "summary", "dt", "label"})
"""Tags of a disclosure's toggle: a heading, a button, a summary or a term (HTML semantics)."""
TOGGLE_ATTRS = ("aria-expanded", "aria-controls", "tabindex")
"""Attributes of an element made clickable or expandable by a script (WAI-ARIA, HTML)."""


def _toggle(el: HtmlElement) -> bool:
    """Whether ``el`` reads as the toggle of a panel: a ``TOGGLE_TAGS`` element, one holding such
    an element, one with a ``TOGGLE_ATTRS`` attribute or ``role=button|tab`` (not a paragraph of
    text that happens to precede a hidden box)."""
    if el.tag in TOGGLE_TAGS or any(attr in el.attrib for attr in TOGGLE_ATTRS):
        return True
    if el.get("role") in ("button", "tab"):
        return True
    return any(isinstance(d.tag, str) and d.tag in TOGGLE_TAGS for d in el.iterdescendants())


# possessive: a run of non-braces given back char by char never ends at a brace, and giving it
# back cost a retry per character wherever a rule fails (in at-rules); same matches either way
_CSS_RULE = re.compile(r"([^{}]*+)\{([^{}]*+)\}")
_CSS_SIMPLE = re.compile(r"^\s*[a-zA-Z]*([.#])([\w-]+)\s*$")
_CSS_SHOW = re.compile(r"display\s*:\s*(?!none)[a-z]|visibility\s*:\s*visible", re.I)
_CSS_NAME = re.compile(r"([.#])([\w-]+)")


def _hiding_rules(css: str) -> tuple[set[str], set[str]]:
    """Class names (``name``) and ids (``#name``) that top-level rules of ``css`` hide, and the
    names any rule (at-rules included) shows. Comments are dropped; each scan is one linear pass.

    >>> hidden, shown = _hiding_rules(".a{display:none} @media (x){.b{display:none}} .c.on{display:block}")
    >>> sorted(hidden), sorted(shown)
    (['a'], ['c', 'on'])
    """
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    hidden: set[str] = set()
    shown: set[str] = set()
    for match in _CSS_RULE.finditer(css):
        selectors, body = match.groups()
        if _CSS_SHOW.search(body):
            for kind, name in _CSS_NAME.findall(selectors):
                shown.add(name if kind == "." else "#" + name)
    for selectors, body in _top_level_rules(css):
        if not xpaths.HIDDEN_STYLE.search(body):
            continue
        for selector in selectors.split(","):
            simple = _CSS_SIMPLE.match(selector)
            if simple and len(hidden) < STYLE_HIDDEN_MAX:
                hidden.add(simple.group(2) if simple.group(1) == "." else "#" + simple.group(2))
    return hidden, shown


def _top_level_rules(css: str) -> list[tuple[str, str]]:
    """The ``(selectors, declarations)`` of the rules of ``css`` outside any at-rule block."""
    rules = []
    depth = 0
    start = 0
    selector = ""
    in_at = False
    for match in re.finditer(r"[{}]", css):
        if match.group() == "{":
            if depth == 0:
                selector = css[start : match.start()]
                in_at = selector.lstrip().startswith("@")
                start = match.end()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                if not in_at:
                    rules.append((selector, css[start : match.start()]))
                start = match.end()
    return rules


def _two_links(el: HtmlElement) -> bool:
    """Whether ``el`` holds two or more links; stops at the second instead of listing them all."""
    links = el.iterdescendants("a")
    return next(links, None) is not None and next(links, None) is not None


_ROLE_NAMES = frozenset({"role", "aria-modal"})


def clean_tree(
    root: HtmlElement, trace: Trace | None = None, *, panels: bool = False, disclosures: bool = False
) -> None:
    """Run every cleaning stage on ``root`` in place, in this order, recording its drops in ``trace``.
    ``panels``: keep a declared article's collapsed panels and mark its forms (``mark_forms``);
    ``disclosures``: keep the prose panels that disclosure toggles name, on a page declaring no
    article, product or list (``drop_hidden``).

    The first two stages get their elements from one walk, ``drop_hidden`` and ``drop_landmarks``
    their attributes from one query made before the first of them (a union costs far less than a
    second walk over the tree); the roles of the elements the first one dropped are left out, as
    a query made after it would not find them.
    """
    # the <style>, <noscript> and <button> elements in one walk (the first stage only sets
    # attributes); the panels that button tabs control are noted before the buttons are stripped
    styles: list[HtmlElement] = []
    noscripts: list[HtmlElement] = []
    controls: list[str] = []
    toggled: list[str] = []
    forms: list[HtmlElement] = []
    for el in root.iter("style", "noscript", "button", "form"):
        if el.tag == "form":
            # told by their fields, which the stripping of form controls below removes
            if panels and _fill_in(el):
                forms.append(el)
        elif el.tag == "button":
            if el.get("role") == "tab" and (named := el.get("aria-controls")):
                controls.extend(named.split())
            if disclosures and el.get("aria-expanded") is not None:
                toggled.extend(disclosure_targets(el))
        else:
            (styles if el.tag == "style" else noscripts).append(el)
    tab_panels = frozenset(controls)
    disclosed = frozenset(toggled) if disclosures else None
    mark_stylesheet_hidden(root, trace, styles)
    strip_unwanted_tags(root, trace, noscripts)
    attrs = xpaths.HIDDEN_OR_ROLE_ATTRS(root)
    hiders = [a for a in attrs if a.attrname not in _ROLE_NAMES]
    drop_hidden(root, trace, hiders, tab_panels, panels=panels, disclosed=disclosed)
    roles = [a for a in attrs if a.attrname in _ROLE_NAMES]
    drop_landmarks(root, trace, [a for a in roles if _in_tree(a.getparent(), root)] if roles else roles)
    drop_inline_popups(root, trace)
    if forms:
        mark_forms(root, [el for el in forms if _in_tree(el, root)], trace)


FIELD_TYPES = frozenset({"", "text", "email", "tel", "number", "password", "url", "search", "date"})
"""``<input>`` types a reader types into (a name, an address, a phone number): a form holding one
is filled in, not read. Hidden fields, check boxes and buttons come with forms that wrap a page."""
FORM_SHARE = PROTECT_SHARE
"""A form holding more than this share of the page's text wraps the page (an ASP.NET page is one
``<form>``): it is kept, as a landmark wrapping the page is."""


def _fill_in(form: HtmlElement) -> bool:
    """Whether ``form`` has a field to type into (``FIELD_TYPES``, or a ``<textarea>``)."""
    for field in form.iter("input", "textarea"):
        if field.tag == "textarea" or (field.get("type") or "").strip().lower() in FIELD_TYPES:
            return True
    return False


def mark_forms(root: HtmlElement, forms: list[HtmlElement], trace: Trace | None = None) -> None:
    """Mark the forms to fill in (``_fill_in``, found before their fields were stripped) of a page
    declaring an article for the reading to skip (``xpaths.SKIP_MARK``, value ``form``), unless
    one holds most of the page's text (``FORM_SHARE``) or, with over ``MAIN_LANDMARK``
    characters, the headline or the article (as a landmark is kept, ``xpaths.landmark_keep``): a
    contact or sign-up form after the text, a comment form, a newsletter box. What is left of
    them once their fields are gone is their labels ("First Name", "Phone(Required)"), a pitch and
    a consent notice, which no article's text holds (WCXB tuning articles: 6 sites whose bodies
    kept such a form's text, none whose truth holds it). Marked, not dropped: their text still
    weighs in the container's choice (dropping a newsletter box inside a story's container moved
    the container onto a paywall's offers on a snippets page). On every page, field labels lost
    a service page's and a documentation page's text (bench/README, session 14)."""
    if not forms:
        return
    sizes = [len(el.text_content()) for el in forms]
    limit = 500.0
    if max(sizes) > limit:  # only then is the page's total worth measuring
        limit = max(FORM_SHARE * len(root.text_content()), limit)
    for el, size in zip(forms, sizes, strict=True):
        if size > limit or (size > MAIN_LANDMARK and xpaths.landmark_keep(el)):
            continue
        el.set(xpaths.SKIP_MARK, "form")
        if trace is not None:
            words = " ".join(f"{el.get('class', '')} {el.get('id', '')}".split())
            trace.add("cleaning", "form", "mark", el.text_content(), f"<form {words!r}>: fields to fill in")


def _in_tree(el: HtmlElement, root: HtmlElement) -> bool:
    """Whether ``el`` is ``root`` or still beneath it (not in a subtree dropped since)."""
    return el is root or any(a is root for a in el.iterancestors())
