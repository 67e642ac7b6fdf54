"""Make the PDF fixtures of tests/test_pdf_layout_fixtures.py: small pages
printed by headless Chromium, whose text layer is not reportlab's (PDFium
gives Chromium's glyphs their own boxes, spaces are not characters of the
text layer, justification spreads every gap). Run once; the PDFs are
committed, so the tests need no Chromium:

    python3 tests/data/pdf/make_fixtures.py [NAME...]   # needs chromium on PATH

Each fixture is NAME.html (kept, to read) printed to NAME.pdf; NAME.txt is
the text the layout must read back from it.
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERIF = '"Noto Serif CJK SC", serif'
SANS = '"Noto Sans CJK SC", sans-serif'


def page(css: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><style>\n'
        f"@page {{ size: A4; margin: 0; }}\nbody {{ margin: 0; font-family: {SERIF}; }}\n{css}"
        f"</style></head><body>\n{body}\n</body></html>\n"
    )


def placed(lines: list[tuple[float, float, str]], size: float = 12) -> str:
    """Lines set at (x, y) points from the top left, one absolutely placed div each."""
    return "\n".join(
        f'<div style="position:absolute;left:{x}pt;top:{y}pt;font-size:{size}pt;line-height:1;'
        f'white-space:pre">{html.escape(text)}</div>'
        for x, y, text in lines
    )


GONGWEN_CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 26mm; }}
body {{ font-size: 16pt; line-height: 28pt; }}
h1 {{ margin: 0 0 1em; font-size: 22pt; line-height: 1.45; text-align: center; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; white-space: pre-wrap; }}
p.chapter {{ text-indent: 0; text-align: center; font-family: {SANS}; font-weight: bold; }}
"""


def gongwen(paragraphs: list[str], title: str = "") -> str:
    head = f"<h1>{html.escape(title)}</h1>\n" if title else ""
    body = "\n".join(
        f'<p class="chapter">{html.escape(p[1:])}</p>' if p.startswith("^") else f"<p>{html.escape(p)}</p>"
        for p in paragraphs
    )
    return page(GONGWEN_CSS, head + body)


def fixtures() -> dict[str, tuple[str, str]]:
    """name -> (HTML, the text to read back)."""
    out: dict[str, tuple[str, str]] = {}

    # Two columns 1.4 em apart: closer than a cell gap, so every row is read
    # as one piece; a left line ends in 》 at the column edge.
    left = [
        "根据二〇〇五年十二月十九日国务院关于",
        "修改中华人民共和国个人所得税法实施条例的",
        "决定第一次修订，根据《国务院关于修改个人",
        "所得税法实施条例若干规定的有关补充决定》",
        "第二次修订。",
    ]
    right = [
        "在中国境内无住所的个人，在中国境内居住",
        "累计满一百八十三天的年度连续不满六年的",
        "经向主管税务机关备案，其来源于中国境外",
        "且由境外单位或者个人支付的所得，免予缴",
        "纳个人所得税。",
    ]
    lines = [(51 + (24 if i == 0 else 0), 100 + 20 * i, t) for i, t in enumerate(left)]
    lines += [(308 + (24 if i == 0 else 0), 100 + 20 * i, t) for i, t in enumerate(right)]
    # (the first lines are indented two ems: they are 18 characters, the others 19 or 20)
    lines = [(x, y, t[:18] if x in (75, 332) else t) for x, y, t in lines]
    text_left = "".join(t for x, _, t in lines if x < 300)
    text_right = "".join(t for x, _, t in lines if x > 300)
    out["gutter"] = (page("", placed(lines)), f"{text_left}\n{text_right}\n")

    # A right column holding a name list among its paragraphs.
    prose = (
        "各成员单位要按照职责分工，认真落实协调委员会议定事项，"
        "加强沟通配合，形成工作合力，确保各项任务按时完成。"
    )
    names = [
        ("刘金国", "公安部副部长"),
        ("吉　林", "北京市副市长"),
        ("王　伟", "北京奥组委执行副主席"),
        ("龚　正", "海关总署副署长"),
        ("杨国庆", "民航总局副局长"),
    ]

    def para(x: float, y: float) -> list[tuple[float, float, str]]:
        # 52 characters: an indented line of 18, a full one of 20, a short one
        return [(x + 24, y, prose[:18]), (x, y + 20, prose[18:38]), (x, y + 40, prose[38:])]

    rows = para(51, 100) + para(51, 160)
    col = [(332, 100, "协调委员会组成人员如下：")]
    for i, (name, duty) in enumerate(names):
        col += [(332, 120 + 20 * i, name), (392, 120 + 20 * i, duty)]
    col += para(308, 220)
    left_text = f"{prose}\n{prose}"
    right_text = "协调委员会组成人员如下：\n" + "".join(f"{n}　　{d}\n" for n, d in names) + prose
    out["name_column"] = (page("", placed(rows + col)), f"{left_text}\n{right_text}\n")

    # A title across the page (display type, its lines ending together)
    # over text that fills one column of a two-column page: the title shows
    # no edge of the text.
    title = (
        "最高人民法院关于修改《关于审理掩饰、隐瞒犯罪所得、犯罪所得收益刑事案件适用法律若干问题的解释》的决定"
    )
    last = title[44:]
    heads = [(57, 60, title[:22]), (57, 90, title[22:44]), (57 + 11 * (22 - len(last)), 120, last)]
    body = para(51, 170) + para(51, 230)
    lines_text = "\n".join(placed([(x, y, t)], 22) for x, y, t in heads) + "\n" + placed(body)
    out["title_one_column"] = (page("", lines_text), f"{title}\n{prose}\n{prose}\n")

    # Spaces as Chromium prints them: a half-width space after an article
    # number (in the serif face and in a sans heading), narrow glyphs (目, 二)
    # in justified text, an opening mark 〈 after a Han character.
    paras = [
        "^第一章 总则",
        "第一条 为了规范医疗器械注册与备案行为，保证医疗器械的安全、有效和质量可控，"
        "根据《医疗器械监督管理条例》，制定本办法。",
        "科研项目要由重过程管理向重项目目标和标志性成果转变，每次处方剂量不得超过二日极量，加强对科研项目的绩效评价。",
        "根据二〇〇五年十二月十九日《国务院关于修改〈中华人民共和国个人所得税法实施条例〉的决定》第一次修订。",
    ]
    out["spaces"] = (gongwen(paras), "第一章 总则\n" + "\n".join(p for p in paras[1:]) + "\n")

    # A full-width space next to a number (`发布　2018年`), and a double bar
    # shaped as one glyph of two ems (`――`), its two characters in one box.
    marks = [
        "（1991年3月4日国务院令第76号发布\u30002018年9月6日国务院第23次常务会议修订通过）",
        "清理整顿分三个阶段进行，1997年10月――1998年2月，由登记管理机关根据有关规定进行审查。",
    ]
    out["marks"] = (gongwen(marks), "\n".join(marks) + "\n")

    # Lines stretched far by justification: a long number that does not fit
    # leaves the line before it with a third of an em added to every gap.
    stretched = (
        "全市共有法人单位和个体经营户二十多万个，其中年营业收入为12345678901234元的企业"
        "共计有一百余家，年末从业人员为98765432109876人，比上年增长百分之三。"
    )
    narrow = "p { width: 12em; }\n"
    out["stretched"] = (page(GONGWEN_CSS + narrow, f"<p>{html.escape(stretched)}</p>"), stretched + "\n")

    # A title wrapped over two centred lines of display type, and a name
    # list row whose duty wraps under it.
    title = "国务院办公厅关于调整国家教材委员会组成人员和工作规则有关事项的通知"
    rows_text = [
        "国家教材委员会组成人员名单如下：",
        "马志明\u3000\u3000院士、中科院数学与系统科学研究院学术委员会主任",
        "马树超\u3000\u3000研究员、上海市教育科学研究院原副院长",
    ]
    expect = [title, rows_text[0], "马志明　　院士、中科院数学与系统科学研究院学术委员会主任"]
    expect.append("马树超　　研究员、上海市教育科学研究院原副院长")
    out["title_names"] = (gongwen(rows_text, title), "\n".join(expect) + "\n")

    # A name list as official documents write it: two-character names padded
    # to the width of three (孙　尧), a role before the first name of a group
    # (组　长：; 主  任： with two half-width spaces; 委  员： on a line of its
    # own over its names), two full-width spaces before the post; read back
    # as written, not as letter-spacing and table cells.
    names_list = [
        "经国务院同意，现将领导小组组成人员名单通知如下：",
        "组　长：韩　正　　国务院副总理",
        "副组长：丁学东　　国务院副秘书长",
        "成　员：郭卫民　　中央宣传部部务会议成员",
        "张　勇　　发展改革委副主任",
        "刘　伟　　财政部副部长",
        "魏山忠　　水利部副部长",
        "联席会议组成人员如下：",
        "主  任：孙春兰　　国务院副总理",
        "委  员：",
        "陈宝生　　教育部部长",
        "黄　卫　　科技部副部长",
        "领导小组办公室设在生态环境部，承担领导小组日常工作。",
    ]
    out["name_list"] = (gongwen(names_list), "\n".join(names_list) + "\n")

    # A list run in its paragraph: the first line (26 characters after the
    # indent) ends with （1）'s semicolon at the right edge, the next line opens
    # with （2）: the paragraph goes on, as its （1） stands inside it.
    run_in = [
        "社会团体登记应当具备下列条件：（1）有专职工作人员；（2）有独立、固定的办公住所；"
        "（3）全国性社会团体应有10万元以上资金，地方性社会团体应有5万元以上资金。",
        "对不具备条件的社会团体，登记管理机关不予登记。",
    ]
    out["run_in_list"] = (gongwen(run_in), "\n".join(run_in) + "\n")

    # Two figure captions set on one line, far apart: one line as written,
    # not two cells of a table row.
    captions = [
        "汽车前后号牌式样对比如下。",
        "图5　汽车前号牌　　　　　　图6　汽车后号牌",
        "摩托车号牌为单只号牌，所属救援队伍代号为黑色。",
    ]
    out["captions"] = (gongwen(captions), "\n".join(captions) + "\n")
    out["gbt9704"] = gbt9704()
    # Half-width spaces between Chinese characters on the GB/T 9704 grid,
    # whose letter-spacing sets characters 0.013 em closer than their em: a
    # chapter heading centred in the sans face, two agencies signing.
    grid = [
        "第一章 总则",
        "第一条 为了规范公文处理工作，根据有关规定，制定本条例。",
        "中共中央办公厅 国务院办公厅",
        "2026年1月5日",
    ]
    body = (
        f'<p class="chapter">{grid[0]}</p>\n<p>{grid[1]}</p>\n'
        f'<p class="sign">{grid[2]}</p>\n<p class="sign">{grid[3]}</p>'
    )
    css = GBT9704_CSS + (
        f".chapter {{ text-indent: 0; text-align: center; font-family: {SANS}; }}\n"
        ".sign { text-indent: 0; text-align: right; padding-right: 4em; }\n"
    )
    out["grid_spaces"] = (page(css, body), "\n".join(grid) + "\n")
    return out


GBT9704_CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font: 14pt {SERIF};
  vertical-align: top; padding-top: 7mm; padding-right: 1em; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font: 14pt {SERIF};
  vertical-align: top; padding-top: 7mm; padding-left: 1em; }} }}
body {{ width: 156mm; font-size: 16pt; line-height: calc(225mm / 22);
  letter-spacing: calc(156mm / 28 - 16pt); }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.mark {{ text-indent: 0; text-align: center; color: #e00; font-size: 42pt; line-height: 1.4;
  font-weight: bold; }}
.number {{ text-indent: 0; text-align: center; margin-top: calc(2 * 225mm / 22); }}
.red {{ border-top: 2px solid #e00; margin: 4mm 0 calc(2 * 225mm / 22); }}
h1 {{ margin: 0 0 calc(225mm / 22); font-size: 22pt; line-height: calc(2 * 225mm / 22); letter-spacing: 0;
  text-align: center; }}
.h1 {{ font-family: {SANS}; }}
.last {{ break-before: page; height: 224mm; display: flex; flex-direction: column; }}
.record {{ margin-top: auto; border-top: 1.3px solid #000; border-bottom: 1.3px solid #000; font-size: 14pt;
  line-height: 1.9; }}
.record p {{ text-indent: 0; padding: 0 1em; }}
.record p + p {{ border-top: 1px solid #000; }}
.record span {{ float: right; }}
"""


def gbt9704() -> tuple[str, str]:
    """Three pages set to GB/T 9704 (see bench/pdf_roundtrip.py's gbt9704):
    the red 发文机关标志, the 发文字号 and a red rule; a title of 41
    characters wrapped over three lines two grid lines apart (20, 20 and
    the last character alone); text on the 22-line grid, a paragraph going
    on over the page break (its last line alone on page 2); the page number
    at the outer edge (right on odd pages, left on even ones); the last page
    begun on its own, the 版记 at its foot between rules (印发机关 left,
    印发日期 right)."""
    title = "国务院关于同意在内蒙古自治区等六个省区开展重点国有林场和国有林区改革试点工作的批复"
    assert len(title) == 41
    first = [
        "内蒙古自治区、吉林省、黑龙江省、浙江省、安徽省、江西省人民政府，国家林业和草原局：",
        "你们关于开展国有林场和国有林区改革试点工作的请示收悉。现批复如下：",
        "一、同意你们提出的改革试点方案，请认真组织实施。",
        "试点工作要坚持生态优先、保护为主，稳步推进国有林场和国有林区管理体制改革，探索建立有利于"
        "森林资源保护和发展的体制机制，为全国改革积累经验。",
    ]
    second = ["二、有关部门要加强指导和支持，及时研究解决试点中遇到的问题。", "国务院", "2026年1月5日"]
    copies = "抄送：国家发展改革委、财政部、自然资源部。"
    office, date = "国务院办公厅秘书局", "2026年1月6日印发"

    def ps(lines: list[str]) -> str:
        return "\n".join(
            f'<p class="h1">{html.escape(t)}</p>'
            if t.startswith(("一、", "二、"))
            else f"<p>{html.escape(t)}</p>"
            for t in lines
        )

    body = (
        '<p class="mark">国务院文件</p>\n<p class="number">国函〔2026〕12号</p>\n<div class="red"></div>\n'
        f"<h1>{html.escape(title)}</h1>\n{ps(first)}\n"
        f'<div class="last">{ps(second)}\n<div class="record"><p>{html.escape(copies)}</p>'
        f"<p>{office}<span>{date}</span></p></div></div>"
    )
    text = ["国务院文件", "国函〔2026〕12号", title, *first, *second, copies, f"{office}\t{date}"]
    return page(GBT9704_CSS, body), "\n".join(text) + "\n"


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, (markup, text) in fixtures().items():
            if names and name not in names:
                continue
            src = HERE / f"{name}.html"
            src.write_text(markup, "utf-8")
            (HERE / f"{name}.txt").write_text(text, "utf-8")
            pdf = HERE / f"{name}.pdf"
            pdf.unlink(missing_ok=True)
            subprocess.run(
                [
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    f"--user-data-dir={tmp}",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}",
                    src.as_uri(),
                ],
                capture_output=True,
                timeout=120,
                check=False,
            )
            print(name, pdf.stat().st_size if pdf.exists() else "NOT PRINTED")


if __name__ == "__main__":
    main(sys.argv[1:])
