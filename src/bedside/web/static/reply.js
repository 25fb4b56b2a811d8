// bedside: the complaint page: check the user's draft against the complaint, write a compliant reply, and
// check the reply again as it is edited.
"use strict";

(() => {
  const { api, debounce, settings, apiSettings, copy } = bedside;
  const form = document.getElementById("reply-form");
  const complaint = document.getElementById("complaint");
  const draft = document.getElementById("draft");
  const suggestion = document.getElementById("suggestion");
  const verdict = document.getElementById("verdict");
  const suggestionVerdict = document.getElementById("suggestion-verdict");

  function request(extra) {
    const s = settings();
    return Object.assign({
      complaint: complaint.value, country: s.country, profession: s.profession, settings: apiSettings(),
      practice: document.getElementById("practice").value, contact: document.getElementById("contact").value,
    }, extra);
  }

  function show(report, text, target, list, onFix) {
    findings.localise(report, text);
    findings.verdict(target, report);
    findings.render(list, report, onFix);
  }

  function fail(target, error) {
    target.className = "verdict verdict-error";
    target.textContent = `Could not check: ${error.message}`;
  }

  async function checkDraft() {
    if (!complaint.value.trim()) { verdict.textContent = "Paste the complaint first."; complaint.focus(); return; }
    if (!draft.value.trim()) { verdict.textContent = "Write a draft to check, or ask for a reply."; draft.focus(); return; }
    const text = draft.value;
    try {
      const out = await api("/api/reply", { json: request({ draft: text, suggest: false }) });
      show(out.report, text, verdict, document.getElementById("findings"), (fix) => {
        draft.value = findings.apply(draft.value, fix);
        checkDraft();
      });
    } catch (error) { fail(verdict, error); }
  }

  async function writeReply() {
    if (!complaint.value.trim()) { suggestionVerdict.textContent = "Paste the complaint first."; complaint.focus(); return; }
    try {
      const out = await api("/api/reply", { json: request({ draft: "", suggest: true }) });
      suggestion.value = out.suggestion;
      show(out.suggestion_report, out.suggestion, suggestionVerdict, document.getElementById("suggestion-findings"), null);
      suggestion.focus();
    } catch (error) { fail(suggestionVerdict, error); }
  }

  const recheck = debounce(async () => {
    const text = suggestion.value;
    if (!text.trim() || !complaint.value.trim()) return;
    try {
      const out = await api("/api/reply", { json: request({ draft: text, suggest: false }) });
      if (suggestion.value === text) {
        show(out.report, text, suggestionVerdict, document.getElementById("suggestion-findings"), null);
      }
    } catch (error) { fail(suggestionVerdict, error); }
  }, 200);

  form.addEventListener("submit", (event) => { event.preventDefault(); checkDraft(); });
  if (suggestion) { // the reply writer is installed
    document.getElementById("write-reply").addEventListener("click", writeReply);
    suggestion.addEventListener("input", recheck);
    document.getElementById("copy-suggestion").addEventListener("click", () => copy(suggestion.value, suggestionVerdict));
  }
})();
