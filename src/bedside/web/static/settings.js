// bedside: the settings page: country, profession, your own details, the jigsaw threshold and the rules
// switched off, kept in this browser's localStorage and sent with every check.
"use strict";

(() => {
  const { settings, saveSettings, resetSettings } = bedside;
  const form = document.getElementById("settings-form");
  const saved = document.getElementById("saved");
  const country = document.getElementById("s-country");
  const profession = document.getElementById("s-profession");
  const allow = document.getElementById("s-allow");
  const jigsaw = document.getElementById("s-jigsaw");
  const profile = document.getElementById("s-profile");
  const switches = Array.from(form.querySelectorAll('input[name="rule"]'));

  function fill() {
    const s = settings();
    if (Array.from(country.options).some((o) => o.value === s.country)) country.value = s.country;
    profession.value = s.profession;
    allow.value = (s.allow || []).join("\n");
    jigsaw.value = s.jigsaw_threshold || ""; // empty: the pack's threshold, else 10
    profile.value = s.profile || "";
    const off = new Set(s.ignore || []);
    for (const box of switches) box.checked = !box.disabled && !off.has(box.value); // disabled: off on the server
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const threshold = jigsaw.value.trim() === "" ? null : Number(jigsaw.value);
    if (threshold !== null && !(threshold > 0)) {
      saved.textContent = "The jigsaw threshold must be a number above 0.";
      jigsaw.focus();
      return;
    }
    saveSettings({
      country: country.value,
      profession: profession.value,
      allow: allow.value.split("\n").map((line) => line.trim()).filter(Boolean),
      jigsaw_threshold: threshold,
      profile: profile.value.trim(),
      ignore: switches.filter((box) => !box.checked && !box.disabled).map((box) => box.value),
    });
    saved.textContent = "Saved. Every check in this browser now uses these settings.";
    document.querySelector("[data-setting-label]").textContent = `${country.value} · ${profession.value}`;
  });

  document.getElementById("reset-settings").addEventListener("click", () => {
    resetSettings();
    fill();
    saved.textContent = "Back to the defaults.";
  });
  fill();
})();
