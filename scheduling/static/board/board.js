// The board's day timeline: one JSON document per day, drawn as one HTML string; one
// listener per kind of event on the timeline (delegated), none per bar.
"use strict";

const Board = (() => {
  const body = document.body;
  const LANG = body.dataset.lang === "en" ? "en" : "zh";
  const S = window.BOARD_STRINGS[LANG];
  const $ = (sel) => document.querySelector(sel);
  // preview: a reviewed run's new and moved scenes on this day, drawn as outlines until it is
  // published; leaving: scenes the run would move away or drop.
  const state = { day: body.dataset.day, today: body.dataset.today, data: null, selected: null,
    preview: [], leaving: new Set() };

  function t(key, vars) {
    let text = S[key] ?? key;
    for (const [k, v] of Object.entries(vars || {})) text = text.replaceAll(`{${k}}`, v);
    return text;
  }
  function esc(value) {
    return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }
  const DAY = 24 * 60;
  function hhmm(minutes) {
    const h = Math.floor(minutes / 60), m = minutes % 60;
    return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  }
  // A time of the shooting day as people read it: "22:00", "26:00 · 02:00 (次日)" past midnight.
  function clock(minutes) {
    if (minutes <= DAY) return hhmm(minutes);
    return `${hhmm(minutes)} · ${t("next_day", { time: hhmm(minutes - DAY) })}`;
  }
  // A time in the base's words: "22:00", past midnight "02:00 (次日)" (as call sheets print it).
  function words(minutes) {
    return minutes <= DAY ? hhmm(minutes) : t("next_day", { time: hhmm(minutes - DAY) });
  }
  // A set type (a location tag) by its name in the page's language; "a+b" for two.
  function tagLabel(tag) {
    return String(tag).split("+").map((x) => S.tags[x] || x).join("+");
  }
  function hue(code) {
    let h = 0;
    for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) % 3607;
    return (h * 137.508) % 360;
  }
  function crewColour(code) {
    return `hsl(${hue(code).toFixed(0)} 62% 46%)`;
  }
  function status(text, cls) {
    const el = $("#status");
    el.textContent = text;
    el.className = `status ${cls || ""}`;
  }
  async function api(method, url, payload) {
    const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (payload !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    if (method !== "GET") init.headers["X-CSRFToken"] = body.dataset.csrf;
    const response = await fetch(url, init);
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { ok: response.ok, status: response.status, data };
  }

  function translatePage() {
    document.title = t("title");
    for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  }

  function fillSelect(sel, items, keep) {
    const el = $(sel);
    const old = keep ? el.value : "";
    el.innerHTML = `<option value="">${esc(t("all"))}</option>` +
      items.map(([value, label]) => `<option value="${esc(value)}">${esc(label)}</option>`).join("");
    el.value = items.some(([v]) => String(v) === old) ? old : "";
  }

  async function loadDay(day) {
    state.day = day;
    $("#day").value = day;
    history.replaceState(null, "", `?date=${day}`);
    $("#lang-zh").href = `?date=${day}&lang=zh-hans`;
    $("#lang-en").href = `?date=${day}&lang=en`;
    status(t("loading"));
    const url = `data/day?date=${encodeURIComponent(day)}`;
    const { ok, data } = await api("GET", url);
    if (!ok) { status(data?.message || t("error"), "bad"); return; }
    state.data = data;
    fillSelect("#f-zone", data.zones.map(([code, name], i) => [i, name]), true);
    const tags = data.tags.map((tag, i) => [i, tagLabel(tag)]);
    tags.sort((a, b) => a[1].localeCompare(b[1], LANG === "zh" ? "zh-Hans-CN" : "en"));
    fillSelect("#f-tag", tags, true);
    fillSelect("#f-crew", data.crews.map(([code, name], i) => [code, `${code} ${name}`]), true);
    render();
    // The timeline's hour scale sticks under the page header, whatever its height.
    document.documentElement.style.setProperty("--head", `${$("header.top").offsetHeight}px`);
    performance.mark("board-drawn"); // read by bench/board_load.py
    dayNote();
    document.dispatchEvent(new CustomEvent("board:day", { detail: { day } }));
  }

  // An empty day says so, and the next day with a booking is one click away.
  function dayNote() {
    const d = state.data, note = $("#day-note");
    if (d.bookings.length) { note.hidden = true; note.innerHTML = ""; return; }
    const which = d.date === state.today ? t("today_empty", { day: d.date }) : t("day_empty", { day: d.date });
    note.innerHTML = `<span>${esc(which)}</span>` + (d.next_busy
      ? ` <button type="button" id="next-busy" data-day="${esc(d.next_busy)}">${esc(t("next_busy", { day: d.next_busy, weekday: weekday(d.next_busy) }))}</button>`
      : ` <span class="muted">${esc(t("no_next_busy"))}</span>`);
    note.hidden = false;
  }
  function weekday(day) {
    return S.weekdays[new Date(`${day}T12:00:00Z`).getUTCDay()];
  }
  // The board after a booking: that booking's day, the bar selected and in view.
  async function focusBooking(day, id) {
    state.selected = id;
    await loadDay(day);
    const i = state.data.bookings.findIndex((b) => b[0] === id);
    if (i >= 0) {
      select(i);
      document.querySelector(`#timeline [data-id="${id}"]`)?.scrollIntoView({ block: "center" });
    }
  }

  // Bars of a location that overlap (a set holding several crews) go on separate lanes.
  function lanesOf(bars) {
    const ends = [];
    return bars.map((b) => {
      let lane = ends.findIndex((end) => end <= b[3]);
      if (lane < 0) { lane = ends.length; ends.push(0); }
      ends[lane] = b[4];
      return lane;
    });
  }

  function render() {
    const d = state.data;
    const zone = $("#f-zone").value, tag = $("#f-tag").value, crew = $("#f-crew").value;
    const span = d.day_end - d.day_start;
    const pct = (m) => (((Math.max(m, d.day_start) - d.day_start) / span) * 100).toFixed(3);
    const byLocation = d.locations.map(() => []);
    d.bookings.forEach((b, i) => {
      if (!crew || d.crews[b[2]][0] === crew) byLocation[b[1]].push(i);
    });
    const previewBy = d.locations.map(() => []);
    const where = new Map(d.locations.map((l, i) => [l[0], i]));
    state.preview.forEach((p, i) => {
      const li = where.get(p.location);
      if (li !== undefined && (!crew || p.crew === crew)) previewBy[li].push(i);
    });
    for (const ids of previewBy) ids.sort((a, b) => state.preview[a].start - state.preview[b].start);
    const closed = d.locations.map(() => []);
    for (const c of d.closures) closed[c[0]].push(c);
    const hot = new Map((d.hot || []).map((h) => [h[0], h]));
    const held = d.locations.map(() => []);
    for (const h of d.holds || []) if (!crew || h[3] === crew) held[h[0]].push(h);
    const hours = [];
    for (let m = d.day_start; m < d.day_end; m += 60) {
      const cls = m === DAY ? ' class="midnight-hour"' : "";
      hours.push(`<span${cls} style="left:${pct(m)}%">${hhmm(m % DAY).slice(0, 2)}</span>`);
    }
    const out = [`<div class="tl-head"><div class="lab"></div><div class="lane hours">${hours.join("")}</div></div>`];
    // The shooting day runs past midnight: one line down the whole timeline marks it.
    if (d.day_start < DAY && DAY < d.day_end) {
      out.push(`<i class="midnight" style="--at:${pct(DAY)}" title="${esc(t("midnight"))}"></i>`);
    }
    let lastZone = -1;
    let shown = 0, shownBookings = 0;
    d.locations.forEach(([code, name, z, tags, capacity], li) => {
      if (zone !== "" && Number(zone) !== z) return;
      if (tag !== "" && !tags.includes(Number(tag))) return;
      if (crew && byLocation[li].length === 0 && previewBy[li].length === 0 && held[li].length === 0) return;
      if (z !== lastZone) {
        out.push(`<div class="zone">${esc(d.zones[z][1])} <small>${esc(d.zones[z][0])}</small></div>`);
        lastZone = z;
      }
      shown += 1;
      shownBookings += byLocation[li].length;
      const ids = byLocation[li];
      const lanes = lanesOf(ids.map((i) => d.bookings[i]));
      const used = Math.max(0, ...lanes.map((l) => l + 1));
      const ahead = lanesOf(previewBy[li].map((i) => [0, 0, 0, state.preview[i].start, state.preview[i].end]));
      const height = Math.max(1, used + Math.max(0, ...ahead.map((l) => l + 1)));
      const parts = [];
      for (const c of closed[li]) {
        parts.push(`<i class="closure" style="left:${pct(c[1])}%;width:${(pct(c[2]) - pct(c[1])).toFixed(3)}%" title="${esc(t("closed"))} ${clock(c[1])}–${clock(c[2])} ${esc(c[3])}"></i>`);
      }
      // A crew's hold (reception): the place is kept for it until operations confirms it.
      for (const h of held[li]) {
        parts.push(`<i class="hold" style="left:${pct(h[1])}%;width:${(pct(h[2]) - pct(h[1])).toFixed(3)}%;--c:${crewColour(h[3])}" title="${esc(t("held", { scene: h[4], crew: h[3], until: h[5] }))} ${clock(h[1])}–${clock(h[2])}"></i>`);
      }
      ids.forEach((i, k) => {
        const b = d.bookings[i];
        const cls = b[5] ? "confirmed" : "planned";
        const sel = state.selected === b[0] ? " sel" : "";
        const src = b[6] ? "" : " manual";
        const leaving = state.leaving.has(b[7]) ? " leaving" : "";
        parts.push(`<i class="b ${cls}${src}${sel}${leaving}" data-i="${i}" data-id="${b[0]}" style="left:${pct(b[3])}%;width:${(pct(b[4]) - pct(b[3])).toFixed(3)}%;top:${lanes[k] * 16 + 2}px;--c:${crewColour(d.crews[b[2]][0])}"></i>`);
      });
      previewBy[li].forEach((i, k) => {
        const p = state.preview[i];
        parts.push(`<i class="b preview ${p.kind}" data-p="${i}" style="left:${pct(p.start)}%;width:${(pct(p.end) - pct(p.start)).toFixed(3)}%;top:${(used + ahead[k]) * 16 + 2}px;--c:${crewColour(p.crew)}"></i>`);
      });
      const heat = hot.has(li) ? hotBadge(hot.get(li)) : { badge: "", cls: "" };
      out.push(`<div class="row${heat.cls}" data-l="${li}" style="height:${height * 16 + 4}px"><div class="lab" title="${esc(name)}">` +
        `<b>${esc(code)}</b> ${esc(name)}${capacity > 1 ? ` <small>×${capacity}</small>` : ""}${heat.badge}</div>` +
        `<div class="lane">${parts.join("")}</div></div>`);
    });
    $("#timeline").style.setProperty("--hours", span / 60);
    $("#timeline").innerHTML = out.join("");
    $("#timeline").dataset.rows = shown;
    const filtered = zone !== "" || tag !== "" || crew !== "";
    status(filtered
      ? t("shown_of", { shown, total: d.locations.length, bookings: shownBookings })
      : t("loaded", { locations: d.locations.length, bookings: d.bookings.length }));
  }

  // A hot set (one crew may have at most its cap per day or week): a badge with the share of
  // the cap the busiest crew has used, coloured from calm to full.
  function hotBadge([, cap, period, most, crews]) {
    const share = Math.round((most / cap) * 100);
    const level = share >= 90 ? 3 : share >= 50 ? 2 : 1;
    const title = t(period === "day" ? "hot_day" : "hot_week", {
      cap: hours(cap), most: hours(most), share, crews,
    });
    return { cls: ` hot-row heat-${level}`,
      badge: `<span class="hot heat-${level}" title="${esc(title)}">${esc(t("hot_badge", { share }))}</span>` };
  }
  function hours(minutes) {
    const h = Math.floor(minutes / 60), m = minutes % 60;
    return m ? t("h_min", { h, m }) : t("h", { h });
  }

  function bookingInfo(i) {
    const d = state.data;
    const b = d.bookings[i];
    const [location, name] = d.locations[b[1]];
    const [crew, crewName] = d.crews[b[2]];
    return { id: b[0], scene: b[7], title: b[8], crew, crewName, location, locationName: name,
      start: hhmm(b[3]), end: hhmm(b[4]), extras: b[9], when: `${clock(b[3])}–${clock(b[4])}`,
      status: t(b[5] ? "confirmed" : "planned"), source: t(b[6] ? "plan_source" : "manual") };
  }

  function infoHtml(x) {
    return `<div class="info"><b>${esc(x.scene)}</b> ${esc(x.title)}<br>` +
      `${esc(t("crew"))}: ${esc(x.crew)} ${esc(x.crewName)}<br>` +
      `${esc(t("location"))}: ${esc(x.location)} ${esc(x.locationName)}<br>` +
      `${esc(t("time"))}: ${esc(x.when)}<br>` +
      `${esc(t("extras"))}: ${x.extras}<br>` +
      `${esc(t("status"))}: ${esc(x.status)} · ${esc(t("source"))}: ${esc(x.source)}</div>`;
  }

  function previewHtml(p) {
    return `<div class="info"><b>${esc(p.scene)}</b> · ${esc(t(p.kind))}<br>` +
      `${esc(t("crew"))}: ${esc(p.crew)}<br>${esc(t("location"))}: ${esc(p.location)}<br>` +
      `${esc(t("time"))}: ${esc(clock(p.start))}–${esc(clock(p.end))}</div>`;
  }

  // Minutes from ``day``'s midnight of an ISO instant on the base's clock (the API writes
  // +08:00): 02:00 the next morning is 1560, on the shooting day's clock.
  function minuteOf(iso, day) {
    const days = (Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 864e5;
    return days * DAY + Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
  }
  // The shooting day's hours, from the page (the day's data may not be loaded yet).
  const DAY_START = Number(body.dataset.dayStart || 360), DAY_END = Number(body.dataset.dayEnd || DAY);

  // A run's diff on the timeline: its new and moved scenes of this day as outlines, the
  // bookings it would move away or drop faded; an empty diff clears it.
  function setPreview(crews) {
    state.preview = [];
    state.leaving = new Set();
    for (const c of crews || []) {
      for (const kind of ["new", "moved"]) {
        for (const x of c[kind]) {
          if (kind === "moved") state.leaving.add(x.scene);
          const start = minuteOf(x.to.start, state.day);
          if (start < DAY_START || start >= DAY_END) continue; // another shooting day's
          state.preview.push({ kind, scene: x.scene, crew: c.crew, location: x.to.location,
            start, end: minuteOf(x.to.end, state.day) });
        }
      }
      for (const x of c.dropped) state.leaving.add(x.scene);
    }
    if (state.data) render();
  }

  function select(i) {
    const x = bookingInfo(i);
    state.selected = x.id;
    for (const el of document.querySelectorAll("#timeline .sel")) el.classList.remove("sel");
    document.querySelector(`#timeline [data-id="${x.id}"]`)?.classList.add("sel");
    $("#detail-body").innerHTML = infoHtml(x);
    $("#detail-body").classList.remove("muted");
    const form = $("#move-form");
    form.hidden = false;
    form.dataset.id = x.id;
    form.location.value = x.location;
    form.start.value = x.start;
    form.end.value = x.end;
    $("#move-result").innerHTML = "";
  }

  function wireTimeline() {
    const tl = $("#timeline"), tip = $("#tip");
    tl.addEventListener("mouseover", (e) => {
      const bar = e.target.closest("[data-i], [data-p]");
      if (!bar) { tip.hidden = true; return; }
      tip.innerHTML = bar.dataset.i ? infoHtml(bookingInfo(Number(bar.dataset.i))) : previewHtml(state.preview[Number(bar.dataset.p)]);
      tip.hidden = false;
    });
    tl.addEventListener("mousemove", (e) => {
      if (tip.hidden) return;
      tip.style.left = `${Math.min(e.clientX + 14, window.innerWidth - 300)}px`;
      tip.style.top = `${e.clientY + 14}px`;
    });
    tl.addEventListener("mouseleave", () => { tip.hidden = true; });
    tl.addEventListener("click", (e) => {
      const bar = e.target.closest("[data-i]");
      if (bar) select(Number(bar.dataset.i));
    });
    for (const sel of ["#f-zone", "#f-tag", "#f-crew"]) $(sel).addEventListener("change", render);
    $("#day").addEventListener("change", (e) => e.target.value && loadDay(e.target.value));
    const shift = (n) => {
      const d = new Date(`${state.day}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + n);
      loadDay(d.toISOString().slice(0, 10));
    };
    $("#prev-day").addEventListener("click", () => shift(-1));
    $("#today").addEventListener("click", () => loadDay(state.today));
    $("#day-note").addEventListener("click", (e) => {
      const next = e.target.closest("#next-busy");
      if (next) loadDay(next.dataset.day);
    });
    $("#next-day").addEventListener("click", () => shift(1));
    $(".tabs").addEventListener("click", (e) => {
      const tab = e.target.closest("[data-tab]");
      if (!tab) return;
      for (const el of document.querySelectorAll(".tab")) el.classList.toggle("on", el === tab);
      for (const el of document.querySelectorAll(".pane")) el.classList.toggle("on", el.id === `pane-${tab.dataset.tab}`);
      document.dispatchEvent(new CustomEvent("board:tab", { detail: { tab: tab.dataset.tab } }));
    });
  }

  translatePage();
  wireTimeline();
  loadDay(state.day);
  return { t, esc, api, hhmm, words, weekday, tagLabel, minuteOf, state, loadDay, focusBooking,
    setPreview, $, S, LANG, DAY_START, DAY_END };
})();
