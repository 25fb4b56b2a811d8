// bedside: how a report is shown: the verdict line, and the findings grouped by the guidance paragraph behind
// them (the paragraph once, then one card per finding it explains, with the reason and, where the text can be
// fixed in one click, a button that does it).
"use strict";

const findings = (() => {
  const { el } = bedside;
  const VERDICT = { ok: "OK to post", review: "Review before posting", "do-not-post": "Do not post" };
  const RANK = { info: 1, review: 2, "do-not-post": 3 };
  const SEVERITY = ["", "info", "review", "do-not-post"];

  function verdict(target, report, what) {
    target.className = `verdict verdict-${report.verdict}`;
    const n = report.findings.length;
    target.textContent = `${VERDICT[report.verdict]} · ${n} finding${n === 1 ? "" : "s"}${what ? " in " + what : ""}`;
  }

  // The one-click fix for a finding: the redaction covering it, or removing the words.
  function fixFor(finding, report) {
    if (finding.start === null || finding.start === undefined) return null;
    if (spansOf(finding).length > 1) return null; // details that add up: the advice says which to generalise
    const span = (report.redactions || []).find((r) => r.start < finding.end && finding.start < r.end);
    if (span) return { start: span.start, end: span.end, insert: `[${span.label}]`, label: `Replace with [${span.label}]` };
    const rewrite = finding.details && (finding.details.replacement || finding.details.rewrite);
    if (typeof rewrite === "string" && rewrite) {
      return { start: finding.start, end: finding.end, insert: rewrite, label: `Replace with “${rewrite}”` };
    }
    return { start: finding.start, end: finding.end, insert: "", label: "Remove these words" };
  }

  const cite = (r) => `${r.source}, ${r.paragraph}`;

  // The paragraph a group of findings rests on, and once each the other paragraphs any of them cites.
  function guidance(group) {
    const first = (group[0].references || [])[0];
    if (!first) return null;
    const more = [...new Set(group.flatMap((f) => (f.references || []).map(cite)))].filter((c) => c !== cite(first));
    return el("div", { className: "guidance" },
      el("p", {}, el("strong", {}, `${cite(first)}: `), first.text),
      more.length ? el("p", { className: "muted" }, "See also: " + more.join("; ")) : null);
  }

  function where(finding) {
    if (finding.box) {
      const b = finding.box;
      return `image ${b.image + 1}${b.page ? ", frame " + (b.page + 1) : ""}, at ${b.x},${b.y} (${b.width}×${b.height})`;
    }
    return null;
  }

  // Fill `list` with the findings, grouped by the paragraph of guidance each rests on first: five names in
  // a post show that paragraph once, above the five cards. onFix(fix) is called when a fix button is pressed.
  function render(list, report, onFix) {
    list.replaceChildren();
    const groups = new Map();
    report.findings.forEach((finding, index) => {
      const first = (finding.references || [])[0];
      const key = first ? cite(first) : "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push({ finding, index });
    });
    for (const members of groups.values()) {
      const cards = members.map(({ finding, index }) => card(finding, index, report, onFix));
      const explained = guidance(members.map((m) => m.finding));
      if (explained) list.append(el("li", { className: "guidance-group" }, explained, el("ol", { className: "findings" }, ...cards)));
      else list.append(...cards);
    }
  }

  function card(finding, index, report, onFix) {
    const fix = onFix ? fixFor(finding, report) : null;
    const item = el("li", { className: `finding sev-${finding.severity}`, id: `finding-${index}` },
      el("p", { className: "finding-head" },
        el("span", { className: `sev sev-${finding.severity}` }, finding.severity),
        " ", el("strong", {}, finding.code), " ", finding.category,
        finding.text ? el("q", { className: "matched" }, finding.text) : null),
      el("p", {}, finding.message),
      where(finding) ? el("p", { className: "muted" }, where(finding)) : null,
      finding.fix ? el("p", { className: "fix" }, el("strong", {}, "Fix: "), finding.fix) : null);
    const plain = ["patient-identifier", "image-text", "personal-data"].includes(finding.category);
    const facts = !plain && finding.details ? details(finding.details) : null;
    if (facts) item.append(facts);
    if (fix) {
      const button = el("button", { type: "button", className: "fix-button" }, fix.label);
      button.addEventListener("click", () => onFix(fix));
      item.append(button);
    }
    return item;
  }

  // Extra facts a rule gives (the jigsaw arithmetic, the metadata found), as a small table.
  function details(data) {
    const table = el("table", { className: "details" });
    for (const [key, value] of Object.entries(data)) {
      if (key === "image") continue; // the card says which image
      const shown = describe(value);
      if (shown) table.append(el("tr", {}, el("th", { scope: "row" }, key.replace(/_/g, " ")), el("td", {}, shown)));
    }
    return table.childElementCount ? table : null;
  }

  function describe(value) {
    if (value === null || value === undefined || value === "") return "";
    if (typeof value === "number") return value < 0.001 && value > 0 ? "<0.001" : String(Number(value.toPrecision(3)));
    if (Array.isArray(value)) {
      return value.map((v) => (v && typeof v === "object" ? v.label || v.text || "" : describe(v))).filter(Boolean)
        .join(value.some((v) => v && typeof v === "object" && v.label) ? " × " : ", ");
    }
    return typeof value === "object" ? "" : String(value);
  }

  // The stretches a finding points at: its span, or for a jigsaw finding the details that add up.
  function spansOf(finding) {
    const factors = finding.details && Array.isArray(finding.details.factors) ? finding.details.factors : [];
    const parts = factors.filter((f) => f && Number.isInteger(f.start) && f.end > f.start);
    if (parts.length) return parts.map((f) => [f.start, f.end]);
    if (finding.start === null || finding.start === undefined || !(finding.end > finding.start)) return [];
    return [[finding.start, finding.end]];
  }

  // Marks for the text behind the editor: each character takes the highest severity of the findings that
  // cover it; runs of the same severity become one <mark>. The text is only ever text nodes.
  function highlight(target, text, report) {
    const rank = new Int8Array(text.length);
    const codes = new Array(text.length);
    for (const finding of report.findings) {
      const level = RANK[finding.severity] || 1;
      for (const [start, end] of spansOf(finding)) {
        for (let i = start; i < Math.min(end, text.length); i++) {
          if (level > rank[i]) rank[i] = level;
          codes[i] = codes[i] ? (codes[i].includes(finding.code) ? codes[i] : `${codes[i]}, ${finding.code}`) : finding.code;
        }
      }
    }
    const parts = [];
    let i = 0;
    while (i < text.length) {
      let j = i + 1;
      while (j < text.length && rank[j] === rank[i] && codes[j] === codes[i]) j++;
      const piece = text.slice(i, j);
      parts.push(rank[i] ? el("mark", { className: `sev-${SEVERITY[rank[i]]}`, title: codes[i] }, piece)
        : document.createTextNode(piece));
      i = j;
    }
    parts.push(document.createTextNode("\n"));
    target.replaceChildren(...parts);
  }

  // The API counts in code points (as Python does); JavaScript strings count UTF-16 units. Convert the
  // spans once, when the text holds characters outside the basic plane (emoji).
  function localise(report, text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return report;
    const map = [];
    let unit = 0;
    for (const ch of text) { map.push(unit); unit += ch.length; }
    map.push(unit);
    const move = (item) => {
      if (item.start !== null && item.start !== undefined) { item.start = map[item.start]; item.end = map[item.end]; }
    };
    report.findings.forEach((finding) => {
      move(finding);
      const factors = finding.details && Array.isArray(finding.details.factors) ? finding.details.factors : [];
      factors.filter((f) => f && Number.isInteger(f.start)).forEach(move);
    });
    (report.redactions || []).forEach(move);
    return report;
  }

  function apply(text, fix) {
    return text.slice(0, fix.start) + fix.insert + text.slice(fix.end);
  }

  return { verdict, render, highlight, apply, localise };
})();
