// The review page. Data comes from the JSON blocks above (written by
// cleandoc/report_html.py as the run went): the run totals and an index row
// per document in #report-index, and each document's changes, diff hunks and
// warnings in its own block #d<i>, parsed only when the document is drawn.
// Every text is inserted with textContent, never as HTML, so a document's own
// text cannot inject markup.
"use strict";
(function () {
  const INDEX = JSON.parse(document.getElementById("report-index").textContent);
  const DATA = { meta: INDEX.meta, rules: INDEX.rules };
  const ROWS = INDEX.docs; // one small row per document: name, status, counts, risk
  const PAGE_SIZE = 20; // documents drawn at a time: the DOM stays small for any run size
  const state = { rules: new Set(), name: "", status: "review", sort: "input", page: 0 };
  // Review decisions: a change's own decision wins over its document's, which
  // wins over its rule's; anything undecided is accepted (the run as it was).
  const review = { rules: {}, docs: {}, changes: {} };
  let cursor = null; // the change row or document the keyboard is on

  // A document's data, parsed from its block when first drawn (a few are kept).
  const parsed = new Map();
  function docData(i) {
    if (parsed.has(i)) return parsed.get(i);
    const row = ROWS[i];
    const block = row.b ? document.getElementById("d" + i) : null;
    const doc = block ? JSON.parse(block.textContent) : { i: i, n: row.n, s: row.s || row.n, st: row.st };
    doc.c = doc.c || [];
    doc.w = doc.w || [];
    if (parsed.size > 200) parsed.delete(parsed.keys().next().value);
    parsed.set(i, doc);
    return doc;
  }
  const ruleCount = (row, family) => Object.entries(row.k || {}).reduce((n, [code, k]) => n + (code[0] === family ? k : 0), 0);
  const RISK = {
    rm: (row) => row.rm || 0,
    D: (row) => ruleCount(row, "D"),
    L: (row) => ruleCount(row, "L"),
    changes: (row) => Object.values(row.k || {}).reduce((a, b) => a + b, 0),
  };

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
      const decide = r.changes
        ? el("button", {
            type: "button",
            class: "decide rule-decide",
            onclick: (e) => {
              e.stopPropagation(); // the row's own click filters
              if (review.rules[r.code] === "reject") delete review.rules[r.code];
              else review.rules[r.code] = "reject";
              reviewChanged();
            },
          })
        : null;
      const row = el(
        "tr",
        { "data-code": r.code, onclick: () => toggleRule(r.code), title: "show only " + r.code },
        el("td", {}, codeBadge(r.code)),
        el("td", { class: "rname", text: r.name }),
        el("td", { class: "num n-changes", text: r.changes }),
        el("td", { class: "num n-documents", text: r.documents }),
        el("td", { class: "num n-warnings", text: r.warnings }),
        el("td", { class: "num n-removed", text: r.removed_chars }),
        el("td", {}, decide),
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

  function docVisible(row) {
    if (state.name && !row.n.toLowerCase().includes(state.name)) return false;
    const warned = row.w && row.w.length > 0;
    if (state.status === "review" && row.st === "unchanged" && !warned) return false;
    if (state.status !== "review" && state.status !== "all" && row.st !== state.status) return false;
    if (state.rules.size) {
      const codes = Object.keys(row.k || {}).concat(row.w || []);
      if (!codes.some((c) => state.rules.has(c))) return false;
    }
    return true;
  }

  // The documents shown, in the chosen order (indexes into ROWS).
  function visibleDocs() {
    const out = [];
    for (let i = 0; i < ROWS.length; i++) if (docVisible(ROWS[i])) out.push(i);
    const risk = RISK[state.sort];
    if (risk) out.sort((x, y) => risk(ROWS[y]) - risk(ROWS[x]) || x - y);
    return out;
  }

  // ---- review decisions ----
  const changeKey = (i, ci) => i + ":" + ci;
  function decision(doc, ci) {
    return review.changes[changeKey(doc.i, ci)] || review.docs[doc.i] || review.rules[doc.c[ci][0]] || "accept";
  }
  function setChange(doc, ci, value) {
    // the most specific decision is the one recorded; one equal to what the
    // document or rule says anyway is dropped, so later broader clicks apply
    const key = changeKey(doc.i, ci);
    delete review.changes[key];
    if (decision(doc, ci) !== value) review.changes[key] = value;
    reviewChanged();
  }
  function setDoc(doc, value) {
    for (const key of Object.keys(review.changes)) if (key.startsWith(doc.i + ":")) delete review.changes[key];
    delete review.docs[doc.i];
    if (doc.c.some((c, ci) => decision(doc, ci) !== value)) review.docs[doc.i] = value;
    reviewChanged();
  }
  // Documents any decision may touch: only these are parsed to resolve it.
  function touchedDocs() {
    const out = new Set(Object.keys(review.docs).map(Number));
    for (const key of Object.keys(review.changes)) out.add(Number(key.split(":")[0]));
    const codes = Object.keys(review.rules);
    if (codes.length) ROWS.forEach((row, i) => { if (codes.some((c) => row.k && row.k[c])) out.add(i); });
    return [...out].sort((a, b) => a - b);
  }
  function rejected() {
    const out = [];
    for (const i of touchedDocs()) {
      const doc = docData(i);
      const cis = doc.c.map((c, ci) => ci).filter((ci) => decision(doc, ci) === "reject");
      if (cis.length) out.push([doc, cis]);
    }
    return out;
  }
  function reviewFile() {
    return {
      format: "cleandoc-review",
      format_version: 1,
      report: { cleandoc_version: DATA.meta.cleandoc_version, settings: DATA.meta.settings },
      documents: rejected().map(([doc, cis]) => ({
        name: doc.n,
        source: doc.s,
        input_sha256: ROWS[doc.i].sha || null,
        reject: cis.map((ci) => {
          const [code, line, col, oldText, newText] = doc.c[ci];
          return { code: code, line: line, col: col, old: oldText, new: newText };
        }),
      })),
    };
  }
  function exportReview() {
    const blob = new Blob([JSON.stringify(reviewFile(), null, 1) + "\n"], { type: "application/json" });
    const link = el("a", { href: URL.createObjectURL(blob), download: "cleandoc-review.json" });
    document.body.append(link);
    link.click();
    link.remove();
  }
  // How many changes are rejected, in how many documents: from the index's
  // counts where only rule decisions apply (no document is parsed for a rule
  // rejected across 10,000 documents), parsing only documents decided on.
  function rejectedCount() {
    const own = new Set(Object.keys(review.docs).map(Number));
    for (const key of Object.keys(review.changes)) own.add(Number(key.split(":")[0]));
    let changes = 0;
    let docs = 0;
    const codes = Object.keys(review.rules);
    ROWS.forEach((row, i) => {
      let n = 0;
      if (own.has(i)) {
        const doc = docData(i);
        n = doc.c.filter((c, ci) => decision(doc, ci) === "reject").length;
      } else if (row.k) {
        for (const code of codes) n += row.k[code] || 0;
      }
      changes += n;
      docs += n > 0 ? 1 : 0;
    });
    return [changes, docs];
  }
  function reviewChanged() {
    const [n, docs] = rejectedCount();
    document.getElementById("review-count").textContent = n
      ? n + " change" + (n === 1 ? "" : "s") + " rejected in " + docs + " document" + (docs === 1 ? "" : "s")
      : "every change accepted";
    for (const row of document.querySelectorAll("#rules tbody tr")) {
      const button = row.querySelector(".rule-decide");
      if (!button) continue;
      const off = review.rules[row.dataset.code] === "reject";
      row.classList.toggle("rejected", off);
      button.textContent = off ? "accept rule" : "reject rule";
    }
    update(false);
  }

  // ---- one document ----
  function renderHunk(doc, hunk) {
    const body = el("div", { class: "hunk-body" });
    let shown = state.rules.size === 0;
    const pieces = hunk.p;
    // Whether the text drawn so far ends a line (a hunk starts at the start
    // of a line). A removed whole line keeps its own line only when it
    // starts one: judged from everything drawn before it, not only from the
    // piece just before (an empty context piece, or a removed line right
    // after another, used to run the first two removed items together).
    let atLineStart = true;
    const ends = (text) => {
      if (text) atLineStart = text.endsWith("\n");
    };
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (p[0] === "=") {
        body.append(el("span", { class: "ctx", text: p[1] }));
        ends(p[1]);
      } else if (p[0] === "…") {
        body.append(el("span", { class: "elide", text: "⋯ " + p[1] + " unchanged characters" }));
        atLineStart = false;
      } else {
        const tag = p[0] === "-" ? "del" : "ins";
        const ids = p[2];
        if (state.rules.size && !ids.some((ci) => ruleOn(doc.c[ci][0]))) {
          // another rule's change while filtering: show the text as written, unmarked
          if (tag === "ins") {
            body.append(el("span", { class: "ctx", text: p[1] }));
            ends(p[1]);
          }
          continue;
        }
        // the diff follows the new text's lines: only added line breaks break,
        // and a removed whole line (a duplicate) keeps its own line
        const wholeLine = p[1].endsWith("\n") && atLineStart;
        const node = showText(p[1], tag, tag === "ins" || wholeLine);
        node.dataset.codes = ids.map((ci) => doc.c[ci][0]).join(" ");
        if (ids.length && ids.every((ci) => decision(doc, ci) === "reject")) node.classList.add("rejected");
        body.append(node);
        if (tag === "ins") ends(p[1]);
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
      const off = decision(doc, ci) === "reject";
      rows.push(
        el(
          "tr",
          { class: "change-row" + (removed ? " removed" : "") + (off ? " rejected" : ""), "data-code": code, "data-index": ci },
          el("td", { class: "pos", text: line + ":" + col }),
          el("td", { class: "rule" }, codeBadge(code), el("span", { class: "rname", text: ruleName[code] || "" })),
          edit,
          el("td", { class: "note", text: note }),
          el(
            "td",
            { class: "verdict" },
            el("button", {
              type: "button",
              class: "decide change-decide",
              title: off ? "make this change after all" : "do not make this change",
              onclick: () => setChange(doc, ci, off ? "accept" : "reject"),
              text: off ? "✗ rejected" : "✓ accepted",
            }),
          ),
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
    const allOff = doc.c.length > 0 && doc.c.every((c, ci) => decision(doc, ci) === "reject");
    const head = el(
      "div",
      { class: "head" },
      el("a", { class: "permalink", href: permalink(doc.i), title: "link to this document", text: "#" }),
      el("span", { class: "name", text: doc.n }),
      doc.s !== doc.n ? el("span", { class: "source", text: "in " + doc.s }) : null,
      el("span", { class: "status " + doc.st, text: doc.st }),
      chips,
      doc.c.length
        ? el("button", {
            type: "button",
            class: "decide doc-decide",
            onclick: () => setDoc(doc, allOff ? "accept" : "reject"),
            text: allOff ? "accept document" : "reject document",
          })
        : null,
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
    return el("section", { class: "doc" + (allOff ? " rejected" : ""), id: "doc-" + doc.i, "data-name": doc.n, "data-index": doc.i }, head, body);
  }

  // ---- list, pager ----
  let shownDocs = []; // indexes of the documents that pass the filters, in order
  function goPage(p) {
    const pages = Math.max(1, Math.ceil(shownDocs.length / PAGE_SIZE));
    state.page = Math.min(Math.max(0, p), pages - 1);
    update(false);
  }

  function renderPager(total) {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    for (const nav of document.querySelectorAll(".pager")) {
      nav.replaceChildren();
      if (pages <= 1) continue;
      const go = (p) => () => {
        goPage(p);
        window.scrollTo(0, document.getElementById("docs").offsetTop - 80);
      };
      const jump = el("input", { type: "number", class: "jump", min: 1, max: pages, value: state.page + 1, "aria-label": "page" });
      jump.addEventListener("change", () => {
        const p = parseInt(jump.value, 10);
        if (p >= 1) go(p - 1)();
      });
      nav.append(
        el("button", { type: "button", class: "prev", disabled: state.page === 0, onclick: go(state.page - 1), text: "‹ previous" }),
        el("span", { class: "hint", text: "page " }),
        jump,
        el("span", { class: "hint", text: " of " + pages }),
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
    shownDocs = visibleDocs();
    const start = state.page * PAGE_SIZE;
    const box = document.getElementById("docs");
    box.replaceChildren(...shownDocs.slice(start, start + PAGE_SIZE).map((i) => renderDoc(docData(i))));
    if (!shownDocs.length) box.append(el("p", { class: "empty", text: "No document matches." }));
    document.getElementById("doc-count").textContent =
      shownDocs.length + " of " + ROWS.length + " documents" + (shownDocs.length > PAGE_SIZE ? ", " + PAGE_SIZE + " per page" : "");
    renderPager(shownDocs.length);
    placeCursor(cursor, false);
  }

  // ---- permalinks: #doc=<name> (or #doc=@<index> when names repeat) ----
  const byName = new Map();
  ROWS.forEach((row, i) => byName.set(row.n, byName.has(row.n) ? -1 : i));
  function permalink(i) {
    return "#doc=" + (byName.get(ROWS[i].n) === i ? encodeURIComponent(ROWS[i].n) : "@" + i);
  }
  function fromHash() {
    const m = /^#doc=(.*)$/.exec(location.hash);
    if (!m) return;
    const key = decodeURIComponent(m[1]);
    const i = key.startsWith("@") && !byName.has(key) ? parseInt(key.slice(1), 10) : byName.get(key);
    if (!(i >= 0 && i < ROWS.length)) return;
    showDoc(i);
  }
  function showDoc(i) {
    if (!docVisible(ROWS[i])) {
      // the linked document is filtered out: show everything
      state.rules.clear();
      state.name = "";
      state.status = "all";
      document.getElementById("doc-filter").value = "";
      document.getElementById("status-filter").value = "all";
    }
    shownDocs = visibleDocs();
    state.page = Math.floor(shownDocs.indexOf(i) / PAGE_SIZE);
    cursor = { i: i, ci: -1 };
    update(false);
  }

  // ---- keyboard: j/k next/previous change (or document), n/p page, x/a reject/accept ----
  function items() {
    const out = [];
    for (const section of document.querySelectorAll("#docs section.doc")) {
      const rows = section.querySelectorAll("tr.change-row");
      const i = Number(section.dataset.index);
      if (rows.length) rows.forEach((r) => out.push({ i: i, ci: Number(r.dataset.index) }));
      else out.push({ i: i, ci: -1 });
    }
    return out;
  }
  function nodeOf(c) {
    if (!c) return null;
    const section = document.getElementById("doc-" + c.i);
    if (!section) return null;
    return c.ci < 0 ? section : section.querySelector('tr.change-row[data-index="' + c.ci + '"]');
  }
  function placeCursor(c, scroll = true) {
    for (const old of document.querySelectorAll(".cursor")) old.classList.remove("cursor");
    const node = nodeOf(c);
    if (!node) return;
    cursor = c;
    node.classList.add("cursor");
    const details = node.closest("details");
    if (details) details.open = true;
    if (scroll) node.scrollIntoView({ block: "center" });
    if (location.hash !== permalink(c.i)) history.replaceState(null, "", permalink(c.i));
  }
  function step(delta) {
    const list = items();
    const at = cursor ? list.findIndex((c) => c.i === cursor.i && c.ci === cursor.ci) : -1;
    const next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : at + delta;
    if (next >= 0 && next < list.length) return placeCursor(list[next]);
    const pages = Math.ceil(shownDocs.length / PAGE_SIZE);
    const page = state.page + delta;
    if (page < 0 || page >= pages) return;
    goPage(page);
    const fresh = items();
    placeCursor(delta > 0 ? fresh[0] : fresh[fresh.length - 1]);
  }
  function decideAtCursor(value) {
    if (!cursor) return;
    const doc = docData(cursor.i);
    if (cursor.ci >= 0) setChange(doc, cursor.ci, value);
    else if (doc.c.length) setDoc(doc, value);
  }
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest && e.target.closest("input, select, textarea")) return;
    const actions = {
      j: () => step(1),
      k: () => step(-1),
      n: () => { goPage(state.page + 1); placeCursor(items()[0]); },
      p: () => { goPage(state.page - 1); placeCursor(items()[0]); },
      x: () => decideAtCursor("reject"),
      a: () => decideAtCursor("accept"),
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  });

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
  document.getElementById("sort").addEventListener("change", (e) => {
    state.sort = e.target.value;
    update();
  });
  document.getElementById("export-review").addEventListener("click", exportReview);
  document.getElementById("reset-review").addEventListener("click", () => {
    review.rules = {};
    review.docs = {};
    review.changes = {};
    reviewChanged();
  });
  window.addEventListener("hashchange", fromHash);
  reviewChanged();
  fromHash();
})();
