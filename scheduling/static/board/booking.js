// Booking from the board: pick a crew and one of its scenes still to book, see where and when
// it fits (reception's options, GET /api/v1/scenes/{code}/options) and book one with a click
// (the option as it is, POST /api/v1/bookings/); the manual form and the move form; every
// answer in the base's words (a refusal's rules one per line, times as call sheets print them).
"use strict";

(() => {
  const { t, esc, api, words, weekday, tagLabel, state, focusBooking, $, S, DAY_START } = Board;
  const DAY = 24 * 60;
  const OFFSET = document.body.dataset.utcOffset || "+08:00";
  const OPTION_DAYS = 7;
  const scenes = new Map(); // code -> the scene as data/scenes lists it
  let options = [];

  function addDays(day, n) {
    const d = new Date(`${day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  // "HH:MM" on the shooting day's clock as an instant: "26:00" is 02:00 the next morning.
  function moment(day, text) {
    const hours = Number(text.slice(0, 2));
    const hh = String(hours % 24).padStart(2, "0");
    return `${addDays(day, Math.floor(hours / 24))}T${hh}${text.slice(2)}:00${OFFSET}`;
  }
  // An instant the API wrote (+08:00) as [shooting day, minutes on that day's clock].
  const SHIFT = (OFFSET[0] === "-" ? -1 : 1) * (Number(OFFSET.slice(1, 3)) * 60 + Number(OFFSET.slice(4, 6)));
  function onClock(iso) {
    const local = new Date(Date.parse(iso) + SHIFT * 60000); // the base's wall clock, as UTC
    let day = local.toISOString().slice(0, 10);
    let minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
    if (minutes < DAY_START) { day = addDays(day, -1); minutes += DAY; }
    return [day, minutes];
  }
  // A span in the base's words: "12-07 周一 22:00–02:00 (次日)".
  function spanWords(startIso, endIso) {
    const [day, start] = onClock(startIso);
    const end = start + Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60000);
    return `${day.slice(5)} ${weekday(day)} ${words(start)}–${words(end)}`;
  }
  function place(code) {
    const d = state.data;
    const row = d && d.locations.find((l) => l[0] === code);
    return row ? `${row[1]} (${code})` : code; // the demo's names carry their zone: 秦王宫·大殿1号
  }
  function hhmm(minutes) {
    return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  }

  // ---- an answer of the API, in sentences: a 409's rules one per line, a 400's fields by name
  function answer(el, res, okText) {
    if (res.ok) { el.className = "result ok"; el.textContent = okText; return; }
    const d = res.data || {};
    const conflicts = Array.isArray(d.conflicts) ? d.conflicts : [];
    let html;
    if (conflicts.length) {
      html = `<b>${esc(conflicts.length > 1 ? t("conflicts_n", { n: conflicts.length }) : t("conflict"))}</b>` +
        `<ul class="conflicts">${conflicts.map((c) =>
          `<li><b>${esc(S.rules[c.rule] || c.rule || "")}</b> ${esc(c.message)}</li>`).join("")}</ul>`;
    } else {
      const fields = Object.entries(d).filter(([k, v]) => k !== "message" && Array.isArray(v));
      html = `<b>${esc(res.status === 409 ? t("conflict") : t("error"))}</b>`;
      html += fields.length
        ? `<ul>${fields.map(([k, v]) => `<li>${esc(S.fields[k] || k)}：${esc(v.join(" "))}</li>`).join("")}</ul>`
        : `: ${esc(d.message || d.detail || "")}`;
    }
    el.className = "result bad";
    el.innerHTML = html;
  }
  function okText(key, b) {
    return t(key, { scene: b.scene, location: place(b.location), when: spanWords(b.start, b.end) });
  }

  // ---- the picker: crews, then the crew's scenes still to book, then the scene's options
  async function loadCrews() {
    const { ok, data } = await api("GET", "data/crews");
    if (!ok) return;
    Board.crewNames = new Map(data.crews.map(([code, name]) => [code, name]));
    const sel = $("#pick-crew"), kept = sel.value;
    sel.innerHTML = `<option value="">${esc(t("pick_crew"))}</option>` + data.crews.map(([code, name, open]) =>
      `<option value="${esc(code)}">${esc(`${code} ${name}`)}${open ? ` (${open})` : ""}</option>`).join("");
    sel.value = kept;
    document.dispatchEvent(new CustomEvent("board:crews"));
  }
  async function loadScenes(crew) {
    const sel = $("#pick-scene");
    sel.disabled = true;
    sel.innerHTML = "";
    showOptions(null);
    if (!crew) return;
    const { ok, data } = await api("GET", `data/scenes?crew=${encodeURIComponent(crew)}&date=${state.day}`);
    if (!ok) { $("#pick-info").textContent = data?.message || t("error"); return; }
    for (const s of data.scenes) scenes.set(s.code, s);
    sel.innerHTML = `<option value="">${esc(t(data.scenes.length ? "pick_scene" : "no_scenes"))}</option>` +
      data.scenes.map((s) => `<option value="${esc(s.code)}">${esc(sceneLabel(s))}</option>`).join("");
    sel.disabled = data.scenes.length === 0;
  }
  function sceneLabel(s) {
    return `${s.code} ${s.title} · ${s.minutes} ${t("min")} · ${tagLabel(s.tags.join("+") || "-")}`;
  }
  function sceneInfo(s) {
    return t("scene_info", { minutes: s.minutes, tags: tagLabel(s.tags.join("+")) || "-",
      first: s.window[0], last: s.window[1], when: S.time_of_day[s.time_of_day] || "" });
  }
  async function loadOptions(code) {
    showOptions(null);
    if (!code) return;
    const s = scenes.get(code);
    $("#pick-info").textContent = `${sceneInfo(s)} · ${t("loading")}`;
    // From the day on the board (not before today) for a week: options never start in the past.
    const from = state.day < state.today ? state.today : state.day;
    const to = addDays(from, OPTION_DAYS - 1);
    const res = await api("GET", `/api/v1/scenes/${encodeURIComponent(code)}/options?from=${from}&to=${to}&limit=8`);
    if ($("#pick-scene").value !== code) return; // another scene was picked meanwhile
    if (!res.ok) { answer($("#pick-result"), res, ""); $("#pick-info").textContent = sceneInfo(s); return; }
    options = res.data.options.map((o) => ({ ...o, scene: code }));
    $("#pick-info").textContent = `${sceneInfo(s)} · ${t(options.length ? "options_n" : "options_none", { n: options.length, from, to })}`;
    showOptions(options);
    // The manual form below takes the same scene, its end filled from the scene's length.
    const f = $("#book-form");
    f.scene.value = code;
    fillEnd(f, s.minutes);
  }
  function showOptions(list) {
    if (!list) { options = []; $("#options").innerHTML = ""; $("#pick-info").textContent = ""; return; }
    $("#options").innerHTML = list.map((o, i) =>
      `<li><button type="button" class="book-option" data-o="${i}">${esc(t("book"))}</button> ` +
      `<b>${esc(spanWords(o.start, o.end))}</b> ${esc(place(o.location))} · ¥${esc(o.price)}` +
      `<br><small>${esc(o.why)}</small></li>`).join("");
  }
  $("#pick-crew").addEventListener("change", (e) => { $("#pick-result").innerHTML = ""; loadScenes(e.target.value); });
  $("#pick-scene").addEventListener("change", (e) => { $("#pick-result").innerHTML = ""; loadOptions(e.target.value); });
  $("#options").addEventListener("click", async (e) => {
    const button = e.target.closest("[data-o]");
    if (!button) return;
    const o = options[Number(button.dataset.o)];
    for (const b of document.querySelectorAll("#options button")) b.disabled = true;
    const res = await api("POST", "/api/v1/bookings/", { scene: o.scene, location: o.location, start: o.start, end: o.end });
    answer($("#pick-result"), res, res.ok ? okText("booked_ok", res.data) : "");
    if (!res.ok) { for (const b of document.querySelectorAll("#options button")) b.disabled = false; return; }
    showOptions(null);
    const crew = $("#pick-crew").value;
    await focusBooking(onClock(res.data.start)[0], res.data.id);
    loadScenes(crew);
    loadCrews(); // its count of scenes to book
  });

  // ---- the manual form: the end follows the start and the scene's length
  function fillEnd(f, minutes) {
    const [h, m] = f.start.value.split(":").map(Number);
    if (Number.isFinite(h) && Number.isFinite(m) && minutes) f.end.value = hhmm(h * 60 + m + minutes);
  }
  async function sceneOfForm() {
    const f = $("#book-form");
    const code = f.scene.value.trim();
    const info = $("#book-scene");
    info.className = "muted";
    if (!code) { info.textContent = ""; return; }
    const typed = f.end.value;
    if (!scenes.has(code)) {
      const { ok, data } = await api("GET", `data/scenes?code=${encodeURIComponent(code)}`);
      if (!ok) { info.className = "bad"; info.textContent = data?.message || t("error"); return; }
      scenes.set(code, data.scenes[0]);
    }
    const s = scenes.get(code);
    info.textContent = `${s.title} · ${sceneInfo(s)}${s.booked ? ` · ${t("already_booked")}` : ""}`;
    // An end typed while the scene was looked up is the user's: it stays.
    if (f.end.value === typed && document.activeElement !== f.end) fillEnd(f, s.minutes);
  }
  $("#book-form").scene.addEventListener("change", sceneOfForm);
  // As the start is typed (not when it loses focus, which is when the end is being typed).
  $("#book-form").start.addEventListener("input", (e) => {
    const s = scenes.get($("#book-form").scene.value.trim());
    if (s && /^\d\d:\d\d$/.test(e.target.value)) fillEnd($("#book-form"), s.minutes);
  });
  $("#book-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    const res = await api("POST", "/api/v1/bookings/", {
      scene: f.scene.value.trim(), location: f.location.value.trim(),
      start: moment(state.day, f.start.value), end: moment(state.day, f.end.value),
    });
    answer($("#book-result"), res, res.ok ? okText("booked_ok", res.data) : "");
    if (res.ok) focusBooking(state.day, res.data.id);
  });
  $("#move-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    const res = await api("PATCH", `/api/v1/bookings/${f.dataset.id}/`, {
      location: f.location.value.trim(), start: moment(state.day, f.start.value), end: moment(state.day, f.end.value),
    });
    answer($("#move-result"), res, res.ok ? okText("moved_ok", res.data) : "");
    if (res.ok) Board.loadDay(state.day);
  });

  Object.assign(Board, { answer, spanWords, place });
  loadCrews();
})();
