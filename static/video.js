// video.js — the call page (templates/video_call.html; docs/video.md).
//
// Signaling goes through helsami, media never: the page joins the call
// (POST join), then long-polls for messages (GET messages?after=N, answered
// when something comes or after about 20 s) and posts its own (offer,
// answer, candidate, hello, bye) to one member at a time. A page reload
// joins again and says hello; the others build fresh connections to it.
//
// Who offers is fixed, so two peers never offer at once: the member with
// the lower id. A newcomer says hello to all; a member with a lower id
// answers with an offer, one with a higher id with a hello back to the
// newcomer alone, which then makes the offer.
(function () {
  'use strict';
  var root = document.getElementById('video');
  if (!root) return;
  var d = root.dataset;
  var csrf = (document.querySelector('input[name="csrf"]') || {}).value || '';
  var iceServers = [];
  try { iceServers = JSON.parse(d.ice || '[]'); } catch (e) { iceServers = []; }

  var $ = function (id) { return document.getElementById(id); };
  var statusLine = $('video-status');
  var joinButton = $('video-join');
  var stage = $('video-stage');
  var lobby = $('video-lobby');
  var grid = $('video-grid');
  var selfView = $('video-self');
  var micButton = $('video-mic');
  var camButton = $('video-cam');
  var memberList = $('video-members');

  var me = 0;
  var after = 0;
  var state = '';
  var stream = null;
  var peers = {};      // member id -> {pc, tile, pending candidates}
  var members = [];
  var stopped = false;
  var saidHello = false;

  // For tests and support: the live peer connections.
  window.helsamiVideo = { peers: peers, me: function () { return me; }, state: function () { return state; } };

  function say(text) { statusLine.textContent = text || ''; }

  function post(url, fields) {
    var body = new URLSearchParams(fields || {});
    body.set('csrf', csrf);
    return fetch(url, {
      method: 'POST', body: body, credentials: 'same-origin', keepalive: true,
      headers: { 'Accept': 'application/json' }
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, status: r.status, json: j }; });
    });
  }

  function send(to, kind, body) {
    return post(d.send, { to: String(to || 0), kind: kind, body: body ? JSON.stringify(body) : '' });
  }

  function nameOf(id) {
    for (var i = 0; i < members.length; i++)
      if (members[i].id === id) return members[i].name || d.tParticipant;
    return d.tParticipant;
  }

  function tileFor(id) {
    var p = peers[id];
    if (p.tile) return p.tile;
    var fig = document.createElement('figure');
    fig.className = 'hs-video__tile';
    fig.setAttribute('data-member', String(id));
    var v = document.createElement('video');
    v.autoplay = true; v.playsInline = true;
    var cap = document.createElement('figcaption');
    cap.textContent = nameOf(id);
    fig.appendChild(v); fig.appendChild(cap);
    grid.appendChild(fig);
    p.tile = fig;
    return fig;
  }

  function closePeer(id) {
    var p = peers[id];
    if (!p) return;
    try { p.pc.close(); } catch (e) { /* already closed */ }
    if (p.tile && p.tile.parentNode) p.tile.parentNode.removeChild(p.tile);
    delete peers[id];
  }

  function newPeer(id) {
    closePeer(id);
    var pc = new RTCPeerConnection({ iceServers: iceServers });
    var p = { pc: pc, tile: null, queued: [] };
    peers[id] = p;
    if (stream) stream.getTracks().forEach(function (t) { pc.addTrack(t, stream); });
    pc.onicecandidate = function (ev) {
      if (ev.candidate) send(id, 'candidate', ev.candidate.toJSON());
    };
    pc.ontrack = function (ev) {
      var v = tileFor(id).querySelector('video');
      if (v.srcObject !== ev.streams[0]) v.srcObject = ev.streams[0];
    };
    return p;
  }

  function offerTo(id) {
    var p = newPeer(id);
    p.pc.createOffer().then(function (o) { return p.pc.setLocalDescription(o); })
      .then(function () { return send(id, 'offer', p.pc.localDescription.toJSON()); })
      .catch(function () { say(d.tNetwork); });
  }

  function flush(p) {
    var q = p.queued; p.queued = [];
    q.forEach(function (c) { p.pc.addIceCandidate(c).catch(function () {}); });
  }

  function handle(m) {
    var from = m.from;
    var body = null;
    if (m.body) { try { body = JSON.parse(m.body); } catch (e) { return; } }
    switch (m.kind) {
      case 'hello': break; // the wrapper below
      case 'offer': {
        var p = newPeer(from);
        p.pc.setRemoteDescription(body)
          .then(function () { flush(p); return p.pc.createAnswer(); })
          .then(function (a) { return p.pc.setLocalDescription(a); })
          .then(function () { return send(from, 'answer', p.pc.localDescription.toJSON()); })
          .catch(function () { say(d.tNetwork); });
        break;
      }
      case 'answer': {
        var pa = peers[from];
        if (pa) pa.pc.setRemoteDescription(body).then(function () { flush(pa); }).catch(function () {});
        break;
      }
      case 'candidate': {
        var pc2 = peers[from];
        if (!pc2) return;
        if (pc2.pc.remoteDescription) pc2.pc.addIceCandidate(body).catch(function () {});
        else pc2.queued.push(body);
        break;
      }
      case 'bye': closePeer(from); break;
      case 'mute':
        if (m.body === '1' && stream) {
          stream.getAudioTracks().forEach(function (t) { t.enabled = false; });
          setMic(false);
          say(d.tMutedBy);
        }
        break;
      default: break; // roster, admit, remove: the state and member list tell
    }
  }

  function setMic(on) {
    micButton.textContent = on ? d.tMicOff : d.tMicOn;
    micButton.setAttribute('aria-pressed', on ? 'false' : 'true');
  }
  function setCam(on) {
    camButton.textContent = on ? d.tCamOff : d.tCamOn;
    camButton.setAttribute('aria-pressed', on ? 'false' : 'true');
  }

  function manage(action, member) {
    post(d.manage, { action: action, member: member ? String(member) : '' }).then(function (r) {
      if (!r.ok) say(r.json && r.json.message);
    });
  }

  function renderMembers() {
    if (!memberList) return;
    memberList.textContent = '';
    members.forEach(function (m) {
      if (m.id === me) return;
      var li = document.createElement('li');
      li.setAttribute('data-member', String(m.id));
      li.setAttribute('data-state', m.state);
      var label = d['tState' + m.state.charAt(0).toUpperCase() + m.state.slice(1)] || m.state;
      li.appendChild(document.createTextNode((m.name || d.tParticipant) + ' (' + label + ') '));
      function button(text, action) {
        var b = document.createElement('button');
        b.type = 'button'; b.className = 'ds-button'; b.setAttribute('data-variant', 'secondary');
        b.setAttribute('data-size', 'sm'); b.textContent = text;
        b.addEventListener('click', function () { manage(action, m.id); });
        li.appendChild(b);
      }
      if (m.state === 'waiting') button(d.tAdmit, 'admit');
      if (m.state === 'admitted') button(m.muted ? d.tUnmute : d.tMute, m.muted ? 'unmute' : 'mute');
      if ((m.state === 'admitted' || m.state === 'waiting') && m.role !== 'host') button(d.tRemove, 'remove');
      memberList.appendChild(li);
    });
  }

  function apply(news) {
    if (news.members) {
      members = news.members;
      // Connections to members who are no longer in the call are closed.
      Object.keys(peers).forEach(function (k) {
        var id = Number(k);
        var still = members.some(function (m) { return m.id === id && m.state === 'admitted'; });
        if (!still) closePeer(id);
      });
      renderMembers();
    }
    var was = state;
    state = news.state;
    if (state === 'waiting') {
      say(d.tWaiting);
    } else if (state === 'admitted') {
      lobby.hidden = true;
      stage.hidden = false;
      if (was !== 'admitted' || !saidHello) {
        say(d.tIn);
        saidHello = true;
        send(0, 'hello', null);
      }
    } else if (state === 'removed' || state === 'ended' || state === 'left') {
      stop(state === 'removed' ? d.tRemoved : state === 'ended' ? d.tEnded : d.tLeft);
    }
  }

  function poll() {
    if (stopped) return;
    fetch(d.poll + '?after=' + after, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        // A refusal before the call's own checks (logged out, no longer
        // allowed) is an error page, not JSON.
        return r.json().then(function (j) { return { ok: r.ok, status: r.status, json: j }; },
          function () { return { ok: r.ok, status: r.status, json: null }; });
      })
      .then(function (r) {
        if (r.status === 401) { stop(d.tLoggedOut); return; }
        if (r.status === 403 && !r.json) { stop(d.tNoAccess); return; }
        if (!r.ok) { stop(r.json && r.json.message); return; }
        var news = r.json;
        after = news.next;
        apply(news);
        if (state === 'admitted' || state === 'waiting')
          news.messages.forEach(function (m) { handle(m); });
        setTimeout(poll, 0);
      })
      .catch(function () { say(d.tNetwork); setTimeout(poll, 2000); });
  }

  function stop(text) {
    stopped = true;
    Object.keys(peers).forEach(function (k) { closePeer(Number(k)); });
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    stage.hidden = true;
    say(text);
  }

  function join() {
    joinButton.disabled = true;
    say(d.tJoining);
    navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } })
      .then(function (s) {
        stream = s;
        selfView.srcObject = s;
        return post(d.join, {});
      })
      .then(function (r) {
        if (!r.ok) { joinButton.disabled = false; say(r.json && r.json.message); return; }
        me = r.json.me;
        after = r.json.next;
        stopped = false;
        apply(r.json);
        poll();
      })
      .catch(function () { joinButton.disabled = false; say(d.tMediaError); });
  }

  // Hello back: the message kinds a page may send are fixed by the server,
  // so a hello "to one" is a hello with a recipient.
  handle = (function (inner) {
    return function (m) {
      if (m.kind === 'hello') {
        if (state !== 'admitted' || !stream) return;
        var direct = m.body === '"direct"';
        if (me < m.from) offerTo(m.from);
        else if (!direct) send(m.from, 'hello', 'direct');
        return;
      }
      inner(m);
    };
  })(handle);

  micButton.addEventListener('click', function () {
    if (!stream) return;
    var on = !stream.getAudioTracks().some(function (t) { return t.enabled; });
    stream.getAudioTracks().forEach(function (t) { t.enabled = on; });
    setMic(on);
  });
  camButton.addEventListener('click', function () {
    if (!stream) return;
    var on = !stream.getVideoTracks().some(function (t) { return t.enabled; });
    stream.getVideoTracks().forEach(function (t) { t.enabled = on; });
    setCam(on);
  });
  $('video-leave').addEventListener('click', function () {
    send(0, 'bye', null);
    post(d.leave, {}).then(function () { stop(d.tLeft); joinButton.disabled = false; lobby.hidden = false; });
  });
  var endButton = $('video-end');
  if (endButton) endButton.addEventListener('click', function () { manage('end', 0); });
  window.addEventListener('pagehide', function () {
    if (!stopped && me) send(0, 'bye', null);
  });

  joinButton.disabled = false;
  joinButton.addEventListener('click', join);
})();
