// The review page. Data comes from the JSON block above (built by
// cleandoc/report_html.py); every text is inserted with textContent, never as
// HTML, so a document's own text cannot inject markup.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("report-data").textContent);
  const PAGE_SIZE = 20; // documents drawn at a time: the DOM stays small for any run size
  const state = { rules: new Set(), name: "", status: "review", page: 0 };

  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const kid of kids) {
      if (kid === null || kid === undefined || kid === false) continue;
      node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }
  const codeBadge = (code, title) => el("span", { class: "code fam-" + code[0], title: title || null, "data-code": code, text: code });
  const ruleName = {};
  for (const r of DATA.rules) ruleName[r.code] = r.name;

  // Text of a change with its line breaks visible (a removed line break is
  // the most common change there is, and it is invisible as-is).
  // Spaces (ASCII and ideographic) and tabs inside a change are drawn, or a
  // removed space would be an empty sliver.
  function appendVisible(node, text) {
    const re = /[ \u3000\t]+/g;
    let pos = 0;
    for (const m of text.matchAll(re)) {
      if (m.index > pos) node.append(text.slice(pos, m.index));
      const sym = m[0].replace(/ /g, "␣").replace(/\u3000/g, "□").replace(/\t/g, "⇥");
      node.append(el("span", { class: "ws", title: "space (U+0020 ␣, U+3000 □, tab ⇥)", text: sym }));
      pos = m.index + m[0].length;
    }
    if (pos < text.length) node.append(text.slice(pos));
  }

  function showText(text, tag, breakLines) {
    const node = el(tag);
    if (text === "") {
      node.append(el("span", { class: "nothing", text: "(nothing)" }));
      return node;
    }
    const parts = text.split("\n");
    parts.forEach((part, i) => {
      if (part) appendVisible(node, part);
      if (i < parts.length - 1) {
        node.append(el("span", { class: "nl", text: "⏎" }));
        if (breakLines) node.append("\n");
      }
    });
    return node;
  }

  // ---- header and summary ----
  function renderMeta() {
    const m = DATA.meta;
    const meta = document.getElementById("meta");
    meta.append("cleandoc " + m.cleandoc_version + " · report format " + m.format_version + " · ");
    meta.append(el("details", {}, el("summary", { text: "settings" }), el("pre", { text: JSON.stringify(m.settings, null, 2) })));
    const s = m.summary;
    const cards = [
      ["documents", s.documents, ""],
      ["changed", s.changed, s.changed ? "chg" : ""],
      ["unchanged", s.unchanged, ""],
      ["failed", s.failed, s.failed ? "bad" : ""],
      ["changes", s.changes, ""],
      ["warnings", s.warnings, ""],
      ["removed chars", s.removed_chars, ""],
    ];
    const box = document.getElementById("summary");
    for (const [k, v, cls] of cards) {
      box.append(el("div", { class: "card " + cls, "data-key": k.replace(" ", "_") }, el("div", { class: "v", text: v }), el("div", { class: "k", text: k })));
    }
  }

  function renderRules() {
    const body = document.querySelector("#rules tbody");
    if (!DATA.rules.length) {
      document.getElementById("rules").hidden = true;
      document.getElementById("no-rules").hidden = false;
      return;
    }
    for (const r of DATA.rules) {
      const row = el(
        "tr",
        { "data-code": r.code, onclick: () => toggleRule(r.code), title: "show only " + r.code },
        el("td", {}, codeBadge(r.code)),
        el("td", { class: "rname", text: r.name }),
        el("td", { class: "num n-changes", text: r.changes }),
        el("td", { class: "num n-documents", text: r.documents }),
        el("td", { class: "num n-warnings", text: r.warnings }),
        el("td", { class: "num n-removed", text: r.removed_chars }),
      );
      body.append(row);
    }
    document.getElementById("clear-rules").addEventListener("click", () => {
      state.rules.clear();
      update();
    });
  }

  function toggleRule(code) {
    if (state.rules.has(code)) state.rules.delete(code);
    else state.rules.add(code);
    update();
  }

  // ---- filtering ----
  const ruleOn = (code) => state.rules.size === 0 || state.rules.has(code);

  function docVisible(d) {
    if (state.name && !d.n.toLowerCase().includes(state.name)) return false;
    const warned = d.w && d.w.length > 0;
    if (state.status === "review" && d.st === "unchanged" && !warned) return false;
    if (state.status !== "review" && state.status !== "all" && d.st !== state.status) return false;
    if (state.rules.size) {
      const codes = (d.c || []).map((c) => c[0]).concat((d.w || []).map((w) => w[0]));
      if (!codes.some((c) => state.rules.has(c))) return false;
    }
    return true;
  }

  // ---- one document ----
  function renderHunk(doc, hunk) {
    const body = el("div", { class: "hunk-body" });
    let shown = state.rules.size === 0;
    const pieces = hunk.p;
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (p[0] === "=") {
        body.append(el("span", { class: "ctx", text: p[1] }));
      } else if (p[0] === "…") {
        body.append(el("span", { class: "elide", text: "⋯ " + p[1] + " unchanged characters" }));
      } else {
        const tag = p[0] === "-" ? "del" : "ins";
        const ids = p[2];
        if (state.rules.size && !ids.some((ci) => ruleOn(doc.c[ci][0]))) {
          // another rule's change while filtering: show the text as written, unmarked
          if (tag === "ins") body.append(el("span", { class: "ctx", text: p[1] }));
          continue;
        }
        // the diff follows the new text's lines: only added line breaks break,
        // and a removed whole line (a duplicate) keeps its own line
        const prev = pieces[i - 1];
        const wholeLine = p[1].endsWith("\n") && (!prev || String(prev[1]).endsWith("\n"));
        const node = showText(p[1], tag, tag === "ins" || wholeLine);
        node.dataset.codes = ids.map((ci) => doc.c[ci][0]).join(" ");
        body.append(node);
        if (ids.some((ci) => ruleOn(doc.c[ci][0]))) shown = true;
        // label the stretch once, after its removed and added text
        const next = pieces[i + 1];
        const sameOp = next && next[0] === "+" && p[0] === "-" && String(next[2]) === String(ids);
        if (!sameOp && ids.length) {
          const codes = [...new Set(ids.map((ci) => doc.c[ci][0]))].filter(ruleOn);
          if (codes.length) {
            const title = ids.map((ci) => doc.c[ci][0] + " " + ruleName[doc.c[ci][0]] + (doc.c[ci][5] ? ": " + doc.c[ci][5] : "")).join("\n");
            body.append(el("sup", { class: "tag", title: title, text: codes.join(" ") }));
          }
        }
      }
    }
    if (!shown) return null;
    const range = (r) => (r[1] >= r[0] ? r[0] + (r[1] > r[0] ? "–" + r[1] : "") : "∅ after " + (r[0] - 1));
    return el("div", { class: "hunk" }, el("div", { class: "hunk-head", text: "line " + range(hunk.a) + " → " + range(hunk.b) }), body);
  }

  function renderChanges(doc) {
    const rows = [];
    // in reading order (the JSON and --explain keep the order they were applied in)
    const order = doc.c.map((c, ci) => ci).sort((x, y) => doc.c[x][1] - doc.c[y][1] || doc.c[x][2] - doc.c[y][2] || x - y);
    order.forEach((ci) => {
      const c = doc.c[ci];
      const [code, line, col, oldText, newText, note, removed] = c;
      if (!ruleOn(code)) return;
      const edit = el("td", { class: "edit" });
      if (removed) {
        // removed junk and duplicates are shown whole: the reviewer checks nothing real went
        edit.append(el("span", { class: "badge-removed", text: "removed" }), showText(oldText, "del", true));
      } else {
        edit.append(showText(oldText, "del", false), el("span", { class: "arrow", text: "→" }), showText(newText, "ins", false));
      }
      rows.push(
        el(
          "tr",
          { class: "change-row" + (removed ? " removed" : ""), "data-code": code, "data-index": ci },
          el("td", { class: "pos", text: line + ":" + col }),
          el("td", { class: "rule" }, codeBadge(code), el("span", { class: "rname", text: ruleName[code] || "" })),
          edit,
          el("td", { class: "note", text: note }),
        ),
      );
    });
    if (!rows.length) return null;
    const details = el("details", { class: "changes", open: rows.length <= 30 }, el("summary", { text: rows.length + " change" + (rows.length === 1 ? "" : "s") }));
    details.append(el("table", { class: "changes" }, el("tbody", {}, ...rows)));
    return details;
  }

  function renderWarnings(doc) {
    const items = (doc.w || []).filter((w) => ruleOn(w[0]));
    if (!items.length) return null;
    const list = el("ul", { class: "warnings" });
    for (const [code, line, col, message] of items) {
      list.append(el("li", { class: "warning-row", "data-code": code }, el("span", { class: "pos", text: line + ":" + col }), codeBadge(code), " ", message));
    }
    return el("details", { class: "warnings", open: true }, el("summary", { text: items.length + " warning" + (items.length === 1 ? "" : "s") }), list);
  }

  function renderDoc(doc) {
    const counts = {};
    for (const c of doc.c || []) counts[c[0]] = (counts[c[0]] || 0) + 1;
    const chips = el("span", { class: "chips" });
    for (const code of Object.keys(counts).sort()) {
      if (ruleOn(code)) chips.append(codeBadge(code + " ×" + counts[code], ruleName[code]));
    }
    const head = el(
      "div",
      { class: "head" },
      el("span", { class: "name", text: doc.n }),
      doc.s !== doc.n ? el("span", { class: "source", text: "in " + doc.s }) : null,
      el("span", { class: "status " + doc.st, text: doc.st }),
      chips,
    );
    const body = el("div", { class: "body" });
    if (doc.st === "failed") body.append(el("div", { class: "error", text: doc.e }));
    if (doc.h) {
      for (const hunk of doc.h) {
        const node = renderHunk(doc, hunk);
        if (node) body.append(node);
      }
    } else if (doc.st === "changed") {
      body.append(el("div", { class: "dropped", text: "texts not kept for this run: changes only" }));
    }
    const ch = doc.c ? renderChanges(doc) : null;
    if (ch) body.append(ch);
    const w = renderWarnings(doc);
    if (w) body.append(w);
    return el("section", { class: "doc", "data-name": doc.n, "data-index": doc.i }, head, body);
  }

  // ---- list, pager ----
  function renderPager(total) {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    for (const nav of document.querySelectorAll(".pager")) {
      nav.replaceChildren();
      if (pages <= 1) continue;
      const go = (p) => () => {
        state.page = p;
        update(false);
        window.scrollTo(0, document.getElementById("docs").offsetTop - 80);
      };
      nav.append(
        el("button", { type: "button", class: "prev", disabled: state.page === 0, onclick: go(state.page - 1), text: "‹ previous" }),
        el("span", { class: "hint", text: "page " + (state.page + 1) + " of " + pages }),
        el("button", { type: "button", class: "next", disabled: state.page >= pages - 1, onclick: go(state.page + 1), text: "next ›" }),
      );
    }
  }

  function update(resetPage = true) {
    if (resetPage) state.page = 0;
    for (const row of document.querySelectorAll("#rules tbody tr")) {
      const code = row.dataset.code;
      row.classList.toggle("on", state.rules.has(code));
      row.classList.toggle("off", state.rules.size > 0 && !state.rules.has(code));
    }
    document.getElementById("clear-rules").hidden = state.rules.size === 0;
    const docs = DATA.docs.filter(docVisible);
    const start = state.page * PAGE_SIZE;
    const box = document.getElementById("docs");
    box.replaceChildren(...docs.slice(start, start + PAGE_SIZE).map(renderDoc));
    if (!docs.length) box.append(el("p", { class: "empty", text: "No document matches." }));
    document.getElementById("doc-count").textContent =
      docs.length + " of " + DATA.docs.length + " documents" + (docs.length > PAGE_SIZE ? ", " + PAGE_SIZE + " per page" : "");
    renderPager(docs.length);
  }

  renderMeta();
  renderRules();
  document.getElementById("doc-filter").addEventListener("input", (e) => {
    state.name = e.target.value.trim().toLowerCase();
    update();
  });
  document.getElementById("status-filter").addEventListener("change", (e) => {
    state.status = e.target.value;
    update();
  });
  update();
})();
