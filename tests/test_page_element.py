"""The element class of parsed pages (``html.PageElement``) reads the same text as lxml's."""

from __future__ import annotations

import lxml.html

from newsscraper.extraction.html import PageElement, parse_html

PAGE = """<!doctype html><html><head><title>T &amp; t</title>
<script>var a = "<p>x</p>";</script><style>p { color: red }</style></head>
<body><!-- a comment --><div id="a">  Lead <b>bold</b> tail&nbsp;&#233;t&#x00E9;
<p>One <a href="/x">link <i>deep</i></a> after<br>line two</p>
<ul><li>item 1</li><li>  </li><li>漢字 <ruby>漢<rt>かん</rt></ruby> é</li></ul>
<table><tr><td>a</td><td>b<td>c</table><textarea> raw &lt;text&gt; </textarea>
<pre>
  code
    indented</pre><?pi ignored?></div>tail of div<p></p><span>\u00a0</span></body></html>"""


def test_text_content_is_lxml_s_for_every_element() -> None:
    """``PageElement.text_content`` (a text serialisation) gives, for every element of a parsed
    page, the string ``lxml.html.HtmlElement.text_content`` (an XPath ``string()``) gives."""
    tree = parse_html(PAGE).tree
    assert tree is not None
    elements = list(tree.iter())
    assert len(elements) > 20
    for el in elements:
        assert isinstance(el, PageElement)
        assert el.text_content() == lxml.html.HtmlElement.text_content(el)
        assert type(el.text_content()) is str
    assert tree.find("body").text_content().startswith("  Lead bold tail\u00a0été\nOne link deep after")
