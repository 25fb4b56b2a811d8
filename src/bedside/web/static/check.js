// bedside: the "Check a post" page: findings as you type (debounced; a newer request cancels an older one),
// highlights behind the text, a fix button per finding, and the safe version to copy.
"use strict";

(() => {
  const { api, debounce, settings, apiSettings, copy } = bedside;
  const post = document.getElementById("post");
  const backdrop = document.getElementById("backdrop");
  const verdict = document.getElementById("verdict");
  const list = document.getElementById("findings");
  const safe = document.getElementById("safe");
  const safeTitle = document.getElementById("safe-title");
  const rewrite = document.getElementById("rewrite");
  const copySafe = document.getElementById("copy-safe");
  const useSafe = document.getElementById("use-safe");
  const timing = document.getElementById("timing");
  const kind = document.getElementById("kind");
  const audience = document.getElementById("audience");
  let controller = null;
  let last = null;

  async function run() {
    const text = post.value;
    if (controller) controller.abort();
    if (!text.trim()) {
      last = null;
      list.replaceChildren();
      backdrop.replaceChildren();
      safe.textContent = "";
      honest([], null);
      verdict.className = "verdict";
      verdict.textContent = "Nothing checked yet.";
      return;
    }
    controller = new AbortController();
    const s = settings();
    const started = performance.now();
    try {
      const report = await api("/api/check", {
        signal: controller.signal,
        json: { text, kind: kind.value, audience: audience.value, country: s.country, profession: s.profession,
                profile: s.profile || null, settings: apiSettings() },
      });
      if (post.value !== text) return; // typed on meanwhile: the next check is coming
      findings.localise(report, text);
      last = { text, report };
      show(report, text);
      timing.textContent = `checked in ${Math.round(performance.now() - started)} ms`;
      timing.dataset.ms = String(performance.now() - started);
    } catch (error) {
      if (error.name === "AbortError") return;
      verdict.className = "verdict verdict-error";
      verdict.textContent = `Could not check: ${error.message}`;
    }
  }

  function show(report, text) {
    findings.verdict(verdict, report);
    findings.highlight(backdrop, text, report);
    findings.render(list, report, applyFix);
    safe.textContent = safeText(report);
    honest(report.rewrite_needed || [], report.suggestion || null);
    syncScroll();
  }

  // What the page offers to copy: the neutral rewrite where there is one, else the text with identifiers replaced.
  function safeText(report) {
    return report.suggestion ? report.suggestion.text : report.redacted;
  }

  // Replacing identifiers cannot fix an insult, a false claim or an allegation: while such a finding stands,
  // the redacted text is not offered as a safe version. The page says what needs rewriting, and offers the
  // neutral rewrite bedside checked again where one exists.
  function honest(needed, suggestion) {
    const words = needed.map((item) => `${item.code}: ${item.reason}${item.fix ? ` ${item.fix}` : ""}`);
    const plan = suggestion ? "A neutral rewrite is below, checked again: nothing in it needs rewriting."
                            : "bedside found no safe rewrite: rewrite it yourself.";
    rewrite.hidden = needed.length === 0;
    rewrite.textContent = needed.length
      ? `Rewrite needed — replacing identifiers does not fix this. ${words.join(" ")} ${plan}` : "";
    const rewritten = needed.length && suggestion;
    safeTitle.textContent = rewritten ? "A neutral rewrite (checked again)"
      : needed.length ? "Identifiers replaced (still needs the rewrite above)" : "The safe version (identifiers replaced)";
    copySafe.textContent = rewritten ? "Copy the rewrite" : needed.length ? "Copy with identifiers replaced"
      : "Copy the safe version";
    useSafe.textContent = rewritten ? "Replace my text with the rewrite" : needed.length ? "Replace identifiers in my text"
      : "Replace my text with the safe version";
  }

  function applyFix(fix) {
    post.value = findings.apply(post.value, fix);
    grow();
    post.focus();
    post.setSelectionRange(fix.start + fix.insert.length, fix.start + fix.insert.length);
    run();
  }

  function syncScroll() {
    backdrop.scrollTop = post.scrollTop;
    backdrop.scrollLeft = post.scrollLeft;
  }

  // The textarea grows with its text, so it never shows a scrollbar the marks behind it do not have.
  function grow() {
    post.style.height = "auto";
    post.style.height = `${post.scrollHeight + 2}px`;
  }

  const later = debounce(run, 120);
  post.addEventListener("input", () => {
    grow();
    // drop the marks until the new result arrives: the old ones would sit under the wrong words
    backdrop.replaceChildren(document.createTextNode(post.value + "\n"));
    later();
  });
  post.addEventListener("scroll", syncScroll);
  kind.addEventListener("change", run);
  audience.addEventListener("change", run);

  copySafe.addEventListener("click", () => {
    copy(last ? safeText(last.report) : post.value, timing);
  });
  useSafe.addEventListener("click", () => {
    if (!last) return;
    post.value = safeText(last.report);
    grow();
    run();
  });
  if (post.value) { grow(); run(); }
})();
