// The board's other panels: what is not placed, demand against capacity, the extras shortage,
// and planning runs (progress as a share of the bound, the diff a sentence per crew, publish).
"use strict";

(() => {
  const { t, esc, api, tagLabel, state, loadDay, setPreview, answer, spanWords, place, $, S } = Board;
  const loaded = { unplaced: null, demand: null };
  const reason = (code) => S.reasons[code] || code;

  // ---- what is not placed
  function groupTable(title, rows, label) {
    const top = Math.max(1, ...rows.map((r) => r[1]));
    const body = rows.slice(0, 25).map(([key, n, hours]) =>
      `<tr><td>${esc(label(key))}</td><td class="num">${n}</td><td class="num">${hours}</td>` +
      `<td class="barcell"><i class="hbar" style="width:${((n / top) * 100).toFixed(1)}%"></i></td></tr>`).join("");
    return `<div class="group"><h3>${esc(title)}</h3><table><thead><tr><th></th><th>${esc(t("scenes_count"))}</th>` +
      `<th>${esc(t("hours"))}</th><th></th></tr></thead><tbody>${body}</tbody></table></div>`;
  }
  async function showUnplaced() {
    if (loaded.unplaced === state.day) return;
    loaded.unplaced = state.day;
    const { ok, data } = await api("GET", `data/unplaced?date=${state.day}&days=7`);
    if (!ok) { $("#unplaced").textContent = data?.message || t("error"); return; }
    const g = data.groups;
    const run = data.run ? t("latest_run", data.run) : t("no_run");
    const rows = data.scenes.map((s) =>
      `<tr><td>${esc(s.scene)}</td><td>${esc(s.crew)}</td><td>${esc(tagLabel(s.set_type))}</td>` +
      `<td>${esc(s.window.join(" – "))}${s.requested ? `<br><small class="requested">${esc(t("requested", { days: s.requested.join(" – ") }))}</small>` : ""}</td>` +
      `<td class="num">${s.minutes}</td><td class="num">${s.extras}</td>` +
      `<td title="${esc(s.detail)}">${esc(reason(s.reason))}${s.detail ? `<br><small>${esc(s.detail)}</small>` : ""}</td></tr>`).join("");
    $("#unplaced").innerHTML =
      `<p class="summary">${esc(t("unplaced_total", data))}` +
      `${data.requested ? ` · ${esc(t("requested_total", data))}` : ""} · ${esc(run)}</p><div class="groups">` +
      groupTable(t("by_reason"), g.reason, reason) + groupTable(t("by_set_type"), g.set_type, tagLabel) +
      groupTable(t("by_day"), g.day, (k) => k) + groupTable(t("by_profile"), g.profile, (k) => k) +
      `</div><table class="list"><thead><tr><th>${esc(t("scene"))}</th><th>${esc(t("crew"))}</th>` +
      `<th>${esc(t("family"))}</th><th>${esc(t("window"))}</th><th>min</th><th>${esc(t("extras"))}</th>` +
      `<th>${esc(t("reason_col"))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  // ---- demand against capacity, and the guild's extras shortage forecast
  async function showDemand() {
    if (loaded.demand === state.day) return;
    loaded.demand = state.day;
    const { ok, data } = await api("GET", `data/demand?date=${state.day}&days=7`);
    if (!ok) { $("#demand").textContent = data?.message || t("error"); return; }
    const head = data.days.map((d) => `<th>${esc(d.slice(5))}</th>`).join("");
    const rows = data.families.map((f) => {
      const top = Math.max(1, ...f.demanded, ...f.available);
      const cells = f.demanded.map((dem, i) => {
        const av = f.available[i];
        const over = dem > av ? " over" : "";
        return `<td class="pair${over}" title="${esc(t("demanded"))} ${dem} h / ${esc(t("available"))} ${av} h">` +
          `<i class="dem" style="width:${((dem / top) * 100).toFixed(1)}%"></i>` +
          `<i class="cap" style="width:${((av / top) * 100).toFixed(1)}%"></i><small>${dem}/${av}</small></td>`;
      }).join("");
      return `<tr><th class="fam" title="${esc(f.family)}">${esc(tagLabel(f.family))}</th>${cells}</tr>`;
    }).join("");
    $("#demand").innerHTML = `<h3>${esc(t("demand_title"))}</h3><p class="legend2">` +
      `<i class="dem key"></i>${esc(t("demanded"))} <i class="cap key"></i>${esc(t("available"))}</p>` +
      `<table class="chart"><thead><tr><th>${esc(t("family"))}</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    showShortage(data.days[0], data.days[data.days.length - 1]);
  }
  function profileText(p) {
    const who = { F: "F", M: "M" }[p.gender] || "F/M";
    return [who, `${p.min_age}-${p.max_age}`, ...p.tags, ...p.skills.map((s) => `+${s}`)].join(" ");
  }
  async function showShortage(first, last) {
    const { ok, data } = await api("GET", `/api/v1/guild/shortage?from=${first}&to=${last}`);
    if (!ok) { $("#shortage").innerHTML = `<p class="muted">${esc(t("shortage_unavailable"))}</p>`; return; }
    const short = [];
    for (const day of data.days) {
      for (const p of day.profiles) if (p.shortfall > 0) short.push([day.date, p]);
    }
    short.sort((a, b) => b[1].shortfall - a[1].shortfall);
    const top = Math.max(1, ...short.map(([, p]) => p.demand));
    const rows = short.slice(0, 40).map(([day, p]) =>
      `<tr><td>${esc(day)}</td><td>${esc(profileText(p))}</td><td class="num">${p.demand}</td>` +
      `<td class="num">${p.available}</td><td class="num bad">${p.shortfall}</td><td class="barcell">` +
      `<i class="dem" style="width:${((p.demand / top) * 100).toFixed(1)}%"></i>` +
      `<i class="cap" style="width:${((p.available / top) * 100).toFixed(1)}%"></i></td></tr>`).join("");
    $("#shortage").innerHTML = `<h3>${esc(t("shortage_title"))}</h3>` + (short.length === 0
      ? `<p class="muted">${esc(t("shortage_none"))}</p>`
      : `<table class="list"><thead><tr><th>${esc(t("day_col"))}</th><th>${esc(t("profile"))}</th>` +
        `<th>${esc(t("demand_col"))}</th><th>${esc(t("available_col"))}</th><th>${esc(t("shortfall"))}</th>` +
        `<th></th></tr></thead><tbody>${rows}</tbody></table>`);
  }

  document.addEventListener("board:tab", (e) => {
    if (e.detail.tab === "unplaced") showUnplaced();
    if (e.detail.tab === "demand") showDemand();
  });
  document.addEventListener("board:day", () => {
    const on = document.querySelector(".tab.on")?.dataset.tab;
    if (on === "unplaced") showUnplaced();
    if (on === "demand") showDemand();
  });

  // ---- planning runs: start, follow the progress, review the diff, publish
  const DONE = ["succeeded", "failed", "superseded"];
  let runId = null;
  function showProgress(run) {
    const p = run.progress || {};
    const limit = run.time_limit_seconds || 1;
    const share = DONE.includes(run.status) ? 1 : Math.min(0.99, (p.elapsed || 0) / limit);
    $("#run-bar").style.width = `${(share * 100).toFixed(0)}%`;
    $("#run-bar").className = `bar ${run.status}`;
    const value = p.best_value ?? run.value, bound = p.bound ?? run.bound;
    $("#run-text").textContent = t("run_state", {
      id: run.id, status: S.statuses[run.status] || run.status, phase: S.phases[p.phase] || p.phase || "-",
      reached: reached(value, bound), elapsed: p.elapsed ?? "-",
    }) + (run.status === "failed" ? ` · ${t("run_failed", { error: run.error })}` : "");
    // The raw figures stay a hover away for whoever compares runs.
    $("#run-text").title = value == null ? "" : t("run_figures", { value, bound: bound ?? "-" });
    $("#run").dataset.status = run.status;
  }
  // How close the plan so far is to the best the solver can prove possible: "已达上界的 93%".
  function reached(value, bound) {
    if (value == null) return t("no_plan_yet");
    if (bound == null || bound <= 0) return t("no_bound");
    const share = value >= bound ? 100 : Math.min(99.9, Math.floor((value / bound) * 1000) / 10);
    return t("reached", { share: share.toFixed(share === 100 ? 0 : 1) });
  }
  async function poll() {
    const res = await api("GET", `/api/v1/plan-runs/${runId}/`);
    if (!res.ok) { $("#run-text").textContent = res.data?.message || res.data?.detail || t("error"); return; }
    showProgress(res.data);
    if (!DONE.includes(res.data.status)) { setTimeout(poll, 1000); return; }
    showRuns();
    if (res.data.status === "succeeded" && !res.data.published_at) showDiff();
  }
  async function showDiff() {
    const res = await api("GET", `/api/v1/plan-runs/${runId}/diff`);
    if (!res.ok) { $("#diff").textContent = res.data?.message || t("error"); return; }
    const { totals, crews } = res.data;
    const changed = crews.filter((c) => c.new.length || c.moved.length || c.dropped.length);
    setPreview(crews);
    $("#diff").innerHTML = `<p id="diff-totals">${esc(t("diff_totals", totals))}</p>` +
      `<p class="muted"><i class="b preview new key"></i> ${esc(t("preview_note"))}</p>` +
      `<div class="crew-diffs">${changed.map(crewDiff).join("")}</div>`;
    $("#publish").hidden = false;
  }
  // A crew's part of a diff: one sentence ("3 场移至 明清宫苑；1 场未排：群演不足"), the scenes
  // one by one when it is opened, each dropped scene with the run's reason written out.
  function zoneOf(code) {
    const d = state.data;
    const row = d && d.locations.find((l) => l[0] === code);
    return row ? d.zones[row[2]][1] : code;
  }
  function counted(items, key) {
    const counts = new Map();
    for (const x of items) counts.set(key(x), (counts.get(key(x)) || 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]);
  }
  function crewSentence(c) {
    const parts = [];
    if (c.new.length) {
      parts.push(t("diff_new", { n: c.new.length, zones: counted(c.new, (x) => zoneOf(x.to.location)).map(([z]) => z).join(t("list_sep")) }));
    }
    for (const [zone, n] of counted(c.moved, (x) => zoneOf(x.to.location))) parts.push(t("diff_moved", { n, zone }));
    if (c.dropped.length) {
      parts.push(t("diff_dropped", { n: c.dropped.length, why: counted(c.dropped, (x) => reason(x.reason)).map(([r]) => r).join(t("list_sep")) }));
    }
    const name = Board.crewNames?.get(c.crew);
    return t("diff_sentence", { crew: name ? `${c.crew} ${name}` : c.crew, parts: parts.join(t("part_sep")) });
  }
  function crewDiff(c) {
    const at = (p) => `${place(p.location)} ${spanWords(p.start, p.end)}`;
    const lines = [
      ...c.new.map((x) => t("diff_new_line", { scene: x.scene, to: at(x.to) })),
      ...c.moved.map((x) => t("diff_moved_line", { scene: x.scene, from: at(x.from), to: at(x.to) })),
      ...c.dropped.map((x) => t("diff_dropped_line", { scene: x.scene, from: at(x.from), why: reason(x.reason) }) +
        (x.detail ? ` — ${x.detail}` : "")),
    ];
    return `<details class="crew-diff" data-crew="${esc(c.crew)}"><summary>${esc(crewSentence(c))}</summary>` +
      `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul></details>`;
  }
  // Runs of this day started elsewhere (the nightly run, a demand spike, another operator).
  async function showRuns() {
    const res = await api("GET", `/api/v1/plan-runs/?start=${state.day}&page_size=5`);
    const runs = res.ok ? res.data.results : [];
    $("#runs").innerHTML = runs.length === 0 ? "" : `<p class="muted">${esc(t("recent_runs"))}</p>` +
      runs.map((r) => `<button type="button" class="run-link" data-run="${r.id}">#${r.id} ` +
        `${esc(S.statuses[r.status] || r.status)} · ${esc(S.triggers[r.trigger] || r.trigger)} · ` +
        `${r.days}d${r.published_at ? " ✓" : ""}</button>`).join(" ");
  }
  document.addEventListener("board:day", showRuns);
  // Disruptions as they come in (rain, a broken set): each opens its repair run's progress and
  // diff above; a new one redraws the day, whose closures it shaded.
  let lastDisruption = null;
  async function showDisruptions() {
    const res = await api("GET", "/api/v1/disruptions/?page_size=5");
    const rows = res.ok ? res.data.results : [];
    if (rows.length && lastDisruption !== null && rows[0].id !== lastDisruption) loadDay(state.day);
    lastDisruption = rows.length ? rows[0].id : 0;
    $("#disruptions").innerHTML = rows.length === 0 ? "" : `<p class="muted">${esc(t("disruptions"))}</p>` +
      rows.map((d) => `<button type="button" class="run-link"${d.plan_run ? ` data-run="${d.plan_run}"` : ""}>` +
        `${esc(t("disruption_line", { reason: d.reason, sets: d.locations.length, hit: d.bookings_hit.length }))}` +
        `${d.plan_run ? ` · #${d.plan_run}` : ""}${d.lifted_at ? " ✓" : ""}</button>`).join(" ");
  }
  showDisruptions();
  setInterval(showDisruptions, 15000);
  const openRun = (e) => {
    const link = e.target.closest("[data-run]");
    if (!link) return;
    runId = Number(link.dataset.run);
    $("#run").hidden = false;
    $("#diff").innerHTML = "";
    $("#publish").hidden = true;
    $("#publish-result").innerHTML = "";
    setPreview([]);
    poll();
  };
  $("#runs").addEventListener("click", openRun);
  $("#disruptions").addEventListener("click", openRun);

  $("#run-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    $("#run").hidden = false;
    $("#diff").innerHTML = "";
    setPreview([]);
    $("#publish").hidden = true;
    $("#publish-result").innerHTML = "";
    $("#run-bar").style.width = "0%";
    $("#run-text").textContent = t("loading");
    const res = await api("POST", "/api/v1/plan-runs/", {
      start: state.day, days: Number(f.days.value), time_limit_seconds: Number(f.time_limit_seconds.value),
    });
    if (!res.ok) { answer($("#publish-result"), res, ""); return; }
    runId = res.data.id;
    $("#run-text").textContent = t("run_queued", res.data);
    poll();
  });
  $("#publish").addEventListener("click", async () => {
    const res = await api("POST", `/api/v1/plan-runs/${runId}/publish`);
    answer($("#publish-result"), res, res.ok ? `${t("published")}: ${res.data.message}` : "");
    if (res.ok) {
      showRuns();
      $("#publish").hidden = true;
      $("#diff").innerHTML = ""; // what it listed is in force now
      setPreview([]);
      loaded.unplaced = loaded.demand = null;
      loadDay(state.day);
    }
  });
})();
