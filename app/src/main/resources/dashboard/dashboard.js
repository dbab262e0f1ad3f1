// The fleetstreams dashboard: polls the app's REST API once a second and draws the fleet (Leaflet) and one ride
// (uPlot). Served from the app's jar; the map has a plain background unless the page is opened with
// ?tiles=URL_TEMPLATE, URL-encoded (e.g. ?tiles=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png: the server
// refuses a bare { in a query) on a machine with internet.
(function () {
  'use strict';
  const DEFAULT_ENTER_G = 0.30;   // braking.enter.g's default, for an answer from an instance that does not say
  const SEVERITY_COLOUR = { moderate: 'rgba(255,170,0,0.30)', harsh: 'rgba(255,100,0,0.35)', severe: 'rgba(214,39,40,0.40)' };
  const STATE_COLOUR = { moving: '#1f77b4', stopped: '#7f7f7f', braking: '#d62728', silent: '#c7c7c7' };
  const $ = (id) => document.getElementById(id);
  const fmtTime = (ms) => ms > 0 ? new Date(ms).toISOString().substring(11, 21) : '–';
  const num = (v, d) => v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(d);
  // Ride ids are whatever the producers wrote (any characters): text, never markup, wherever they meet HTML
  // (innerHTML, Leaflet's tooltips, links); in the address they are percent-encoded.
  const esc = (v) => String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const rideHash = (id) => 'ride/' + encodeURIComponent(id);
  const short = (id) => esc(id.substring(0, 8));
  // Rides whose ids share their first 8 characters look alike in the lists: the whole id is the link's title.
  const rideLink = (id) => '<a href="#' + esc(rideHash(id)) + '" title="' + esc(id) + '">' + short(id) + '</a>';
  // 0°, 0° is what some devices send without a fix: no place (the server leaves it out too; older alerts may have it).
  const placed = (lat, lon) => lat !== null && lon !== null && (lat !== 0 || lon !== 0);

  const state = { rides: [], alerts: [], clock: 0, selected: null, rideAnswer: null, userMoved: false, updates: 0, fleetDraws: 0 };
  window.dashboard = state; // for the browser test and for curious users

  // A maximum zoom of its own: without one (no tile layer gives one), fitting the bounds of a fleet that is one point
  // (a ride's first fix, a parked car) zooms to Infinity, and Leaflet never comes back from it.
  const MAX_ZOOM = 19;
  const FIT_MAX_ZOOM = 16;
  const map = L.map('map', { attributionControl: false, zoomSnap: 0.25, maxZoom: MAX_ZOOM }).setView([40.7, -74.0], 11);
  const tiles = new URLSearchParams(location.search).get('tiles');
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: MAX_ZOOM }).addTo(map);
  }
  // Leaflet sizes itself on window resizes only; the ride panel opening or its charts appearing shrink the map too.
  new ResizeObserver(() => {
    map.invalidateSize({ pan: false });
    state.zoomedTo = null; // fit the selected ride again at the next refresh
  }).observe($('map'));
  // Told by the user's own gestures, not by Leaflet's movestart (the page's own fits start moves too, some later).
  const userMoved = () => { state.userMoved = true; };
  const MAP_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', '+', '-', '=', '_']);
  map.on('dragstart boxzoomend', userMoved);
  map.getContainer().addEventListener('wheel', userMoved);
  map.getContainer().addEventListener('dblclick', userMoved);
  map.getContainer().addEventListener('keydown', (e) => { if (MAP_KEYS.has(e.key)) userMoved(); });
  map.getContainer().addEventListener('touchstart', (e) => { if (e.touches.length > 1) userMoved(); }); // a pinch
  document.querySelectorAll('.leaflet-control-zoom a').forEach((a) => a.addEventListener('click', userMoved));
  const tracks = L.layerGroup().addTo(map);
  const cars = L.layerGroup().addTo(map);
  const alertMarkers = L.layerGroup().addTo(map);

  // A request the network leaves hanging (no answer, no reset) is given up after this long, so the page says so
  // instead of waiting for ever behind its busy flag. Above the server's own 11 s for a fleet-wide answer.
  const REQUEST_TIMEOUT_MS = 15000;
  const timeout = (ms) => {
    if (typeof AbortSignal.timeout === 'function') return AbortSignal.timeout(ms);
    const c = new AbortController(); // browsers before AbortSignal.timeout (Chrome 103, Firefox 100, Safari 16)
    setTimeout(() => c.abort(), ms);
    return c.signal;
  };
  const ask = (path) => fetch(path, { cache: 'no-store', signal: timeout(REQUEST_TIMEOUT_MS) });

  async function getJson(path) {
    let r;
    try {
      r = await ask(path);
    } catch (e) {
      if (e && (e.name === 'TimeoutError' || e.name === 'AbortError')) throw new Error(path + ': no answer in ' + REQUEST_TIMEOUT_MS / 1000 + ' s');
      // A network error, not an answer: the server closes a kept-alive or pre-opened connection it has waited on
      // (10 s, FleetServer), and a request sent on it just then fails. Once more, on a new connection.
      r = await ask(path);
    }
    if (!r.ok) {
      const body = await r.text();
      throw new Error(path + ': HTTP ' + r.status + (r.headers.get('Retry-After') ? ' (retry in ' + r.headers.get('Retry-After') + ' s)' : '') + ' ' + body);
    }
    return r.json();
  }

  // The fleet's event-time now: its newest ride, but not one more than an hour ahead of the median ride (a phone
  // whose clock is years off would make every other car 'silent'); the server's quiet-ride rule goes by the median too.
  const CLOCK_AHEAD_MS = 3600 * 1000;
  function fleetClock(rides) {
    const times = rides.map((r) => r.last_time).filter((t) => typeof t === 'number' && t > 0).sort((a, b) => a - b);
    if (times.length === 0) return 0;
    const median = times[Math.floor((times.length - 1) / 2)];
    let clock = median;
    for (const t of times) if (t <= median + CLOCK_AHEAD_MS) clock = t; // a loop: a spread of 100,000 arguments throws
    return clock;
  }

  function carState(ride) {
    if (ride.last_alert_end && state.clock - ride.last_alert_end < 10000) return 'braking';
    if (state.clock - ride.last_time > 30000) return 'silent';
    return ride.speed !== null && ride.speed > 1 ? 'moving' : 'stopped';
  }

  function drawFleet() {
    tracks.clearLayers();
    cars.clearLayers();
    alertMarkers.clearLayers();
    const bounds = [];
    for (const ride of state.rides) {
      if (!ride.track || ride.track.length === 0) continue;
      const colour = STATE_COLOUR[carState(ride)];
      const selected = ride.ride_id === state.selected;
      const line = L.polyline(ride.track, { color: colour, weight: selected ? 5 : 2, opacity: selected ? 1 : 0.7 })
        .bindTooltip(short(ride.ride_id)).on('click', () => { location.hash = rideHash(ride.ride_id); });
      line.addTo(tracks);
      L.circleMarker([ride.latitude, ride.longitude], { radius: selected ? 7 : 5, color: '#fff', weight: 1, fillColor: colour, fillOpacity: 1 })
        .bindTooltip(short(ride.ride_id) + ' ' + num(ride.speed, 1) + ' m/s').on('click', () => { location.hash = rideHash(ride.ride_id); })
        .addTo(cars);
      ride.track.forEach((p) => bounds.push(p));
    }
    for (const a of state.alerts) {
      if (!placed(a.latitude, a.longitude)) continue;
      L.circleMarker([a.latitude, a.longitude], { radius: 6, color: '#000', weight: 1, fillColor: SEVERITY_COLOUR[a.severity].replace(/0\.\d+\)/, '0.9)'), fillOpacity: 0.9 })
        .bindTooltip(esc(a.severity) + ' ' + num(a.peak_decel_g, 2) + ' g at ' + fmtTime(a.end_time))
        .on('click', () => { location.hash = rideHash(a.ride_id); }).addTo(alertMarkers);
    }
    state.drawnTracks = tracks.getLayers().length;
    state.drawnAlerts = alertMarkers.getLayers().length;
    const chosen = state.rides.find((r) => r.ride_id === state.selected);
    if (chosen && state.zoomedTo !== chosen.ride_id && chosen.track && chosen.track.length > 0) {
      map.fitBounds(chosen.track, { padding: [40, 40], maxZoom: FIT_MAX_ZOOM });
      state.zoomedTo = chosen.ride_id;
    }
    // The fleet view follows the fleet (every refresh) until the user pans or zooms the map.
    if (!state.userMoved && !state.selected && bounds.length > 0) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: FIT_MAX_ZOOM, animate: false });
    }
    state.zoom = map.getZoom();
  }

  function drawLists() {
    $('ride-count').textContent = '(' + state.rides.length + ')';
    const tbody = document.querySelector('#rides tbody');
    tbody.innerHTML = '';
    for (const ride of state.rides) {
      const tr = document.createElement('tr');
      tr.className = 'ride-row' + (ride.ride_id === state.selected ? ' selected' : '');
      tr.dataset.ride = ride.ride_id;
      tr.innerHTML = '<td><span class="dot ' + carState(ride) + '"></span>' + rideLink(ride.ride_id)
        + '</td><td>' + num(ride.speed, 1) + '</td><td>' + num(ride.distance_m / 1000, 2) + '</td><td>' + esc(ride.alert_count)
        + '</td><td>' + esc(ride.owner) + '</td>';
      tr.style.color = STATE_COLOUR[carState(ride)] === STATE_COLOUR.silent ? '#999' : '';
      tr.onclick = () => { location.hash = rideHash(ride.ride_id); };
      tbody.appendChild(tr);
    }
    const ul = $('alerts');
    ul.innerHTML = '';
    for (const a of state.alerts.slice(0, 15)) {
      const li = document.createElement('li');
      li.innerHTML = fmtTime(a.end_time) + ' <span class="sev ' + esc(a.severity) + '">' + esc(a.severity) + '</span>'
        + num(a.peak_decel_g, 2) + ' g ' + rideLink(a.ride_id) + ' '
        + num(a.speed_before, 1) + '→' + num(a.speed_after, 1) + ' m/s';
      ul.appendChild(li);
    }
  }

  // ---- ride view: speed and longitudinal acceleration over time, alerts as shaded spans ----
  let speedPlot = null;
  let accelPlot = null;
  let plottedEnterG = null; // the threshold the charts' legend names

  function alertSpans(getAlerts) {
    return {
      hooks: {
        drawClear: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.beginPath();
          ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
          ctx.clip(); // an alert that began before the chart's first point must not paint over the axis
          for (const a of getAlerts()) {
            const x0 = u.valToPos(a.start_time / 1000, 'x', true);
            const x1 = Math.max(x0 + 3, u.valToPos(a.end_time / 1000, 'x', true));
            ctx.fillStyle = SEVERITY_COLOUR[a.severity] || 'rgba(200,0,0,0.3)';
            ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
            ctx.fillStyle = '#900';
            ctx.font = (10 * devicePixelRatio) + 'px sans-serif';
            ctx.fillText(a.severity, x0 + 2, u.bbox.top + 12 * devicePixelRatio);
          }
          ctx.restore();
        }],
      },
    };
  }

  function chartWidth() {
    return Math.max(300, $('left').clientWidth - 30);
  }

  function makePlots(enterG) {
    if (speedPlot) { speedPlot.destroy(); accelPlot.destroy(); } // a legend cannot be relabelled: charts anew
    plottedEnterG = enterG;
    const alerts = () => (state.rideAnswer ? state.rideAnswer.overview.alerts : []);
    const time = { time: true };
    // uPlot draws times in the browser's zone unless told; every other time on the page is UTC.
    const tzDate = (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
    speedPlot = new uPlot({
      title: 'GPS speed (m/s); shaded: harsh-braking alerts', width: chartWidth(), height: 180, scales: { x: time }, tzDate,
      series: [{}, { label: 'speed m/s', stroke: '#1f77b4', width: 2, spanGaps: true, points: { show: true, size: 4 } }],
      plugins: [alertSpans(alerts)],
    }, [[], []], $('speed-chart'));
    accelPlot = new uPlot({
      title: 'Longitudinal acceleration (g), braking is negative',
      width: chartWidth(), height: 180, scales: { x: time }, tzDate,
      series: [{},
        { label: 'GPS Δv/Δt g', stroke: '#2ca02c', width: 2, spanGaps: true, points: { show: true, size: 4 } },
        { label: 'window peak decel g', stroke: '#9467bd', width: 1, dash: [4, 3], spanGaps: true, points: { show: true, size: 5 } },
        { label: 'threshold −' + enterG + ' g (braking.enter.g)', stroke: '#d62728', width: 1, points: { show: false } }],
      plugins: [alertSpans(alerts)],
    }, [[], [], [], []], $('accel-chart'));
    state.plots = [speedPlot, accelPlot];
  }

  function drawRide() {
    const r = state.rideAnswer;
    if (!r) return;
    $('ride-id').textContent = r.ride_id;
    $('ride-owner').textContent = r.stale
      ? 'owner unreachable: ' + r.served_from + ', ' + (r.lag_records >= 0 ? r.lag_records.toLocaleString('en') : 'an unknown number of')
        + ' records behind, partition ' + r.partition
      : 'owned by ' + r.owner + ', partition ' + r.partition;
    const d = r.detector;
    $('detector').innerHTML = 'detector: <b>' + (d.known ? (d.axis_fitted ? 'forward axis fitted' : 'axis ' + esc(d.axis_source)) : 'no state yet')
      + '</b>' + (d.known ? 'R² <b>' + num(d.r2, 3) + '</b> calibration pairs <b>' + d.pairs + '</b>' : '')
      + 'latest alert confidence <b>' + esc(d.last_alert_confidence || '–') + '</b> distance <b>' + num(r.overview.distance_m / 1000, 2) + ' km</b>';
    const enterG = typeof d.enter_g === 'number' ? d.enter_g : DEFAULT_ENTER_G;
    if (!speedPlot || plottedEnterG !== enterG) makePlots(enterG);
    const track = r.overview.track;               // [t, lat, lon, speed, accel_g]
    const xs = new Set(track.map((p) => p[0] / 1000));
    const mid = (w) => (w.window_start + w.window_end) / 2000; // a window's peak is drawn at its middle
    r.windows.forEach((w) => xs.add(mid(w)));
    const x = Array.from(xs).sort((a, b) => a - b);
    const bySpeed = new Map(track.map((p) => [p[0] / 1000, p]));
    const byWindow = new Map(r.windows.map((w) => [mid(w), w]));
    const speed = x.map((t) => (bySpeed.has(t) ? bySpeed.get(t)[3] : null));
    const accel = x.map((t) => (bySpeed.has(t) ? bySpeed.get(t)[4] : null));
    // A window without accelerometer samples has no peak (its 0 is not a measurement): a gap, not a flat 0 g.
    const peak = x.map((t) => (byWindow.has(t) && byWindow.get(t).accel_samples > 0 ? -byWindow.get(t).peak_decel_g : null));
    const threshold = x.map(() => -enterG);
    speedPlot.setData([x, speed]);
    accelPlot.setData([x, accel, peak, threshold]);
    const tbody = document.querySelector('#ride-alerts tbody');
    tbody.innerHTML = '';
    for (const a of r.overview.alerts.slice().reverse()) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td>' + fmtTime(a.end_time) + '</td><td><span class="sev ' + esc(a.severity) + '">' + esc(a.severity) + '</span></td><td>'
        + num(a.peak_decel_g, 2) + ' g</td><td>' + num(a.speed_before, 1) + '→' + num(a.speed_after, 1) + ' m/s</td><td>' + esc(a.confidence) + '</td>';
      tbody.appendChild(tr);
    }
  }

  function route() {
    const m = location.hash.match(/^#ride\/(.+)$/);
    let selected = null;
    if (m) {
      try {
        selected = decodeURIComponent(m[1]);
      } catch (e) {
        selected = m[1]; // typed by hand with a stray '%': take it as it stands
      }
    }
    if (state.selected && !selected) {
      state.userMoved = false; // back from a ride: the fleet view follows the fleet again, whatever was panned there
      state.zoomedTo = null;
    }
    state.selected = selected;
    $('ride').hidden = !state.selected;
    state.rideAnswer = null; // never draw one ride's answer under another's name
    if (state.selected) {
      $('ride-id').textContent = state.selected;
      $('ride-owner').textContent = '';
      $('detector').textContent = '';
      document.querySelector('#ride-alerts tbody').innerHTML = '';
      if (speedPlot) { speedPlot.setData([[], []]); accelPlot.setData([[], [], [], []]); }
    }
    setTimeout(() => map.invalidateSize(), 0);
    refresh();
  }

  let busy = false;
  // Each part is drawn from its own answer: a 503 of the fleet (a rebalance) must not freeze the status, which answers
  // in every state, and a ride that is not there (404) must not freeze the map and the lists.
  async function refresh() {
    if (busy) return;
    busy = true;
    const errors = [];
    try {
      const [fleet, alerts, status] = await Promise.allSettled(
        [getJson('/api/fleet?track=1'), getJson('/api/alerts?since=0'), getJson('/api/status')]);
      if (status.status === 'fulfilled') {
        const s = status.value;
        $('rate').textContent = Math.round(s.fleet_input_rate).toLocaleString('en');
        $('lag').textContent = s.fleet_lag_records.toLocaleString('en');
        $('state').textContent = s.state;
        const missing = s.instances_not_answering || [];
        const uncounted = s.partitions_not_answering || [];
        $('instance').textContent = s.instances_answering + ' instance(s), this one ' + s.instance
          + (missing.length ? '; not answering: ' + missing.join(', ') : '')
          + (uncounted.length ? '; partitions not counted: ' + uncounted.join(', ') : '');
      } else {
        errors.push(status.reason);
        ['rate', 'lag', 'state', 'instance'].forEach((id) => { $(id).textContent = '?'; }); // not known now: not the last answer
      }
      if (fleet.status === 'fulfilled' && alerts.status === 'fulfilled') {
        state.rides = fleet.value.rides;
        state.alerts = alerts.value.alerts;
        state.clock = fleetClock(state.rides);
        $('clock').textContent = fmtTime(state.clock);
        drawFleet();
        drawLists();
        state.fleetDraws++;
      } else errors.push(fleet.status === 'rejected' ? fleet.reason : alerts.reason);
      const asked = state.selected;
      if (asked) {
        try {
          const answer = await getJson('/api/rides/' + encodeURIComponent(asked));
          if (state.selected === asked) {
            state.rideAnswer = answer;
            drawRide();
          }
        } catch (e) {
          errors.push(e);
        }
      }
      if (!errors.length) state.updates++;
    } catch (e) {
      errors.push(e); // drawing failed: say so rather than leave the page silently stale
    } finally {
      $('error').textContent = errors.map((e) => String((e && e.message) || e)).join('; ').substring(0, 160);
      busy = false;
    }
  }

  window.addEventListener('hashchange', route);
  window.addEventListener('resize', () => {
    if (speedPlot) { speedPlot.setSize({ width: chartWidth(), height: 180 }); accelPlot.setSize({ width: chartWidth(), height: 180 }); }
  });
  route();
  setInterval(refresh, 1000);
})();
