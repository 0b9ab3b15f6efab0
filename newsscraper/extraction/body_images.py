"""The article's images: absolute URL, caption and credit kept apart.

Images are taken from the chosen container (and from the figures pruned out of its text). The
caption is the figure's ``figcaption`` / caption-classed element; the credit is the part of it
marked as credit / copyright by class, else the tail that starts with a credit marker ("Photo:",
"©", "Getty Images"...).
"""

from __future__ import annotations

from collections.abc import Set

from lxml.html import HtmlElement

from newsscraper.extraction import xpaths
from newsscraper.extraction.metadata.urls import join
from newsscraper.items import Image

MIN_SIZE = 100
"""Images declared narrower or lower than this (pixels) are icons, avatars or trackers."""
MAX_IMAGES = 50
"""Images kept per article; galleries beyond this are not the article's own illustration."""
LINK_DEPTH = 3
"""An ``<a>`` this close above an image makes it a thumbnail, unless it links to the image file."""
LEAD_LEVELS = 2
"""Ancestor levels of the container whose preceding sibling figures are lead figures (the body
wrapper and the article element around it)."""
_IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "src")


def collect_images(
    container: HtmlElement,
    figures: list[HtmlElement],
    base: str | None,
    skipped: set[HtmlElement] | frozenset[HtmlElement] = frozenset(),
    leading: list[HtmlElement] | tuple[()] = (),
) -> list[Image]:
    """Return the images of the ``leading`` figures (before the container), of ``container`` and
    of the ``figures`` found beside it, in that order, with captions and credits; images in
    ``skipped`` boilerplate subtrees (share bars, related lists) and thumbnails linking to other
    pages are left out."""
    images: list[Image] = []
    seen: set[str] = set()
    outside = [f for f in figures if not _within(f, container) and f not in leading]
    first = [i for f in leading for i in f.iter("img")]
    for img in [*first, *container.iter("img"), *(i for f in outside for i in f.iter("img"))]:
        if len(images) >= MAX_IMAGES:
            break
        url = _image_url(img, base)
        if url is None or url in seen or _tiny(img) or _excluded(img, container, skipped):
            continue
        seen.add(url)
        caption, credit = _caption_of(img)
        images.append(Image(url=url, caption=caption, credit=credit))
    return images


def lead_figures(container: HtmlElement, figures: list[HtmlElement]) -> list[HtmlElement]:
    """The ``<figure>`` elements standing before the container, as its preceding siblings or its
    ancestors' (``LEAD_LEVELS`` up): a lead figure between the byline and the body belongs to the
    article. Not in ``figures`` already; document order."""
    found: list[HtmlElement] = []
    node = container
    for _ in range(LEAD_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        for sib in node.itersiblings(preceding=True):
            if sib.tag == "figure" and sib not in figures and sib.find(".//img") is not None:
                found.insert(0, sib)
        node = parent
    return found


def figure_urls(figure: HtmlElement, base: str | None, kept: Set[str]) -> list[str]:
    """URLs of the images of ``figure`` (an ``<img>`` itself or an element holding some) that are
    in ``kept``, in order, each once."""
    urls: list[str] = []
    for img in figure.iter("img"):
        url = _image_url(img, base)
        if url is not None and url in kept and url not in urls:
            urls.append(url)
    return urls


def declared_image(root: HtmlElement, url: str, base: str | None) -> Image | None:
    """The page's declared lead image (og:image, JSON-LD) where the page shows it with a caption,
    wherever that is: article headers often hold the lead figure outside the body container."""
    name = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    for img in root.iter("img"):
        # only an <img> naming the file anywhere in its attributes can show it (~10x cheaper than
        # resolving every image's URL)
        if name and not any(name in value for value in img.values()):
            continue
        if _image_url(img, base) == url:
            caption, credit = _caption_of(img)
            if caption or credit:
                return Image(url=url, caption=caption, credit=credit)
    return None


def _within(el: HtmlElement, container: HtmlElement) -> bool:
    return any(a is container for a in el.iterancestors())


def _excluded(img: HtmlElement, container: HtmlElement, skipped: Set[HtmlElement]) -> bool:
    """Whether ``img`` sits in a pruned subtree or is a thumbnail linking to another page."""
    for depth, anc in enumerate(img.iterancestors()):
        if anc is container:
            return False
        if anc in skipped or _boilerplate_wrapper(anc):
            return True
        if depth < LINK_DEPTH and anc.tag == "a":
            href = (anc.get("href") or "").lower().split("?")[0]
            if href and not href.endswith(_IMAGE_EXTS):
                return True
    return False


def _boilerplate_wrapper(el: HtmlElement) -> bool:
    """A text-less wrapper named as boilerplate (share bar, ad slot): the scorer never saw it."""
    words = el.get("class")
    if not words:
        return False
    words = xpaths.drop_state_modifiers(words.lower())
    return (
        bool(xpaths.BOILERPLATE_CLASS.search(words))
        and not xpaths.CAPTION_CLASS.search(words)
        and not xpaths.names_content(words)
    )


def _image_url(img: HtmlElement, base: str | None) -> str | None:
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            break
    else:
        srcset = img.get("data-srcset") or img.get("srcset") or ""
        value = srcset.strip().split(" ", 1)[0].rstrip(",") if srcset.strip() else ""
        if not value or value.startswith("data:"):
            return None
    url = join(base, value) if base else value
    if url is None or not url.startswith(("http://", "https://")):
        return None
    return url


def _tiny(img: HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_SIZE:
            return True
    return False


def _caption_of(img: HtmlElement) -> tuple[str | None, str | None]:
    """Find the caption near ``img``: in its ``figure`` or a caption-classed sibling subtree."""
    node: HtmlElement | None = img
    for _ in range(5):
        node = node.getparent() if node is not None else None
        if node is None:
            return None, None
        caption_el = None
        if node.tag == "figure":
            found = node.find(".//figcaption")
            caption_el = found if found is not None else _caption_child(node)
        elif xpaths.CAPTION_CLASS.search(node.get("class", "")):
            caption_el = _caption_child(node)
        if caption_el is not None:
            return split_caption(caption_el)
    return None, None


def _caption_child(node: HtmlElement) -> HtmlElement | None:
    for el in node.iter():
        if (
            el is not node
            and isinstance(el.tag, str)
            and (el.tag in xpaths.CAPTION_TAGS or xpaths.CAPTION_CLASS.search(el.get("class", "")))
        ):
            return el
    return None


def split_caption(el: HtmlElement) -> tuple[str | None, str | None]:
    """Split a caption element into (caption, credit), by markup first, else by credit markers."""
    credit_parts: list[str] = []
    for sub in el.iter():
        if sub is el or not isinstance(sub.tag, str):
            continue
        if xpaths.CREDIT_CLASS.search(f"{sub.get('class', '')} {sub.get('itemprop', '')}"):
            credit_parts.append(sub.text_content().strip())
    text = " ".join(el.text_content().split())
    credit = " ".join(" ".join(credit_parts).split())
    if credit and credit in text:
        caption = text.replace(credit, " ").strip()
        return caption or None, credit
    match = xpaths.credit_split(text)
    if match and match.start() > 0:
        caption, credit = text[: match.start()].strip(" (|-–—"), text[match.start() :].strip()
        return caption or None, credit.strip("()") or None
    if match:
        # A credit standing alone in brackets ("(Image credit: NASA)") is given without them.
        bare = text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text
        return None, bare or None
    return text or None, None
