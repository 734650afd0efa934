// The check-in page at the door (cms_events/admin/check_in.py).
//
// Everyone the door may meet comes with the page (#door-people): name, sessions, status and
// the token of their QR code, so scanning and searching work without a connection. Every
// check-in and walk-in is an action with an id made here; actions wait in localStorage until
// the server has answered them, and are sent again when the connection returns. The server
// answers an id it has seen with its first answer, so sending twice never checks in twice.
(function () {
    "use strict";

    var root = document.getElementById("door");
    if (!root) {
        return;
    }
    var texts = JSON.parse(document.getElementById("door-texts").textContent);
    var people = JSON.parse(document.getElementById("door-people").textContent);
    var csrfToken = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    var queueKey = root.dataset.queueKey;
    var flushing = false;
    var current = null; // the person shown after a scan
    var justCheckedIn = null; // the id of the person checked in by the last tap
    var scanning = false;
    var stream = null;

    var el = function (id) {
        return document.getElementById(id);
    };

    function format(text, values) {
        return text.replace(/%\((\w+)\)s/g, function (_match, key) {
            return String(values[key]);
        });
    }

    function newId() {
        if (window.crypto && crypto.randomUUID) {
            return crypto.randomUUID();
        }
        var bytes = crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        var hex = Array.prototype.map.call(bytes, function (b) {
            return (b + 0x100).toString(16).slice(1);
        }).join("");
        return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
    }

    // The queue of unanswered actions

    function readQueue() {
        try {
            return JSON.parse(localStorage.getItem(queueKey)) || [];
        } catch (error) {
            return [];
        }
    }

    function writeQueue(queue) {
        localStorage.setItem(queueKey, JSON.stringify(queue));
        showConnection();
    }

    function enqueue(url, body) {
        body.client_id = newId();
        var queue = readQueue();
        queue.push({ url: url, body: body });
        writeQueue(queue);
        flush();
        return body.client_id;
    }

    function send(item) {
        return fetch(item.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
            body: JSON.stringify(item.body),
        });
    }

    // Send the waiting actions in order; stop at the first that gets no answer.
    async function flush() {
        if (flushing) {
            return;
        }
        flushing = true;
        try {
            var queue = readQueue();
            while (queue.length) {
                var item = queue[0];
                var response;
                try {
                    response = await send(item);
                } catch (error) {
                    break; // offline: keep it for later
                }
                // A lapsed session or permission ends in a redirect to Wagtail's login or
                // dashboard (an HTML page), a failed CSRF check in a 403: keep the action.
                var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
                if (response.redirected || response.status === 403 || !json) {
                    log(texts.logged_out, "error");
                    refreshPeople(); // brings the new CSRF token after a new login
                    break;
                }
                if (response.status >= 500) {
                    log(texts.server_error, "error");
                    break;
                }
                var data;
                try {
                    data = await response.json();
                } catch (error) {
                    data = { ok: false, message: texts.server_error };
                }
                queue = readQueue().filter(function (waiting) {
                    return waiting.body.client_id !== item.body.client_id;
                });
                writeQueue(queue);
                answered(item, data);
            }
        } finally {
            flushing = false;
            showConnection();
            render();
        }
    }

    function answered(item, data) {
        if (data.person) {
            remember(data.person);
        } else if (item.body.registration) {
            forgetPending(item.body.registration);
        }
        log(data.message, data.ok ? (data.already ? "already" : "ok") : "error");
        if (!data.ok && item.body.name !== undefined) {
            offerWalkInAgain(item.body, data);
        }
        if (current && data.person && current.id === data.person.id) {
            showPerson(findById(data.person.id));
        }
    }

    // The people

    function findById(id) {
        return people.find(function (person) {
            return person.id === id;
        });
    }

    function remember(person) {
        var index = people.findIndex(function (known) {
            return known.id === person.id;
        });
        if (index === -1) {
            people.push(person);
        } else {
            people[index] = person;
        }
    }

    function forgetPending(id) {
        var person = findById(id);
        if (person) {
            delete person.pending;
        }
    }

    function isWaiting(person) {
        return readQueue().some(function (item) {
            return item.body.registration === person.id;
        });
    }

    // “ingecheckt om 14.03 uur” right after the tap; “al ingecheckt om ...” on every later look.
    function checkedInText(person) {
        if (person.checked_in_text) {
            return person.id === justCheckedIn ? person.checked_in_text : person.already_text;
        }
        return person.pending || isWaiting(person) ? texts.pending : "";
    }

    function mayCheckIn(person) {
        return person.status === "confirmed" && !person.checked_in_at && !person.pending && !isWaiting(person);
    }

    function checkIn(person, method) {
        if (!mayCheckIn(person)) {
            return;
        }
        person.pending = true;
        justCheckedIn = person.id;
        enqueue(root.dataset.checkInUrl, { registration: person.id, method: method });
        render();
    }

    function normalise(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }

    // What the page shows

    function render() {
        var confirmed = people.filter(function (p) {
            return p.status === "confirmed";
        });
        var arrived = confirmed.filter(function (p) {
            return p.checked_in_at || p.pending || isWaiting(p);
        });
        el("door-totals").textContent = format(texts.totals, {
            checked_in: arrived.length,
            confirmed: confirmed.length,
        });
        renderSearch();
        if (current) {
            showPerson(findById(current.id) || current);
        }
    }

    function personFacts(person, container) {
        var status = document.createElement("p");
        status.className = "door__person-status";
        status.textContent = person.status_label;
        container.appendChild(status);
        if (person.sessions.length) {
            var sessions = document.createElement("ul");
            sessions.className = "door__sessions";
            person.sessions.forEach(function (session) {
                var item = document.createElement("li");
                item.textContent = session;
                sessions.appendChild(item);
            });
            container.appendChild(sessions);
        }
    }

    function renderSearch() {
        var list = el("door-people-list");
        var query = normalise(el("door-search").value);
        list.replaceChildren();
        if (!query) {
            return;
        }
        var found = people.filter(function (person) {
            return normalise(person.name).indexOf(query) !== -1;
        }).slice(0, 20);
        if (!found.length) {
            var none = document.createElement("li");
            none.textContent = texts.not_found;
            list.appendChild(none);
            return;
        }
        found.forEach(function (person) {
            var item = document.createElement("li");
            item.className = "door__person";
            var name = document.createElement("p");
            name.className = "door__person-name";
            name.textContent = person.name;
            item.appendChild(name);
            personFacts(person, item);
            var checked = checkedInText(person);
            if (checked) {
                var note = document.createElement("p");
                note.className = "door__person-checked";
                note.textContent = checked;
                item.appendChild(note);
            }
            if (mayCheckIn(person)) {
                var button = document.createElement("button");
                button.type = "button";
                button.className = "door__button door__button--primary";
                button.textContent = texts.check_in;
                button.setAttribute("aria-label", texts.check_in + ": " + person.name);
                button.addEventListener("click", function () {
                    checkIn(person, "search");
                });
                item.appendChild(button);
            }
            list.appendChild(item);
        });
    }

    function showPerson(person) {
        if (!current || current.id !== person.id) {
            justCheckedIn = null;
        }
        current = person;
        el("door-result").hidden = false;
        el("door-result-heading").textContent = person.name;
        el("door-result-status").textContent = person.status_label;
        var sessions = el("door-result-sessions");
        sessions.replaceChildren();
        person.sessions.forEach(function (session) {
            var item = document.createElement("li");
            item.textContent = session;
            sessions.appendChild(item);
        });
        el("door-result-checked").textContent = checkedInText(person);
        el("door-result-check-in").hidden = !mayCheckIn(person);
    }

    function showUnknown(message) {
        current = null;
        el("door-result").hidden = false;
        el("door-result-heading").textContent = message;
        el("door-result-status").textContent = "";
        el("door-result-sessions").replaceChildren();
        el("door-result-checked").textContent = "";
        el("door-result-check-in").hidden = true;
    }

    function log(message, kind) {
        var item = document.createElement("li");
        item.className = "door__log-item door__log-item--" + kind;
        item.textContent = message;
        el("door-log").prepend(item);
    }

    function showConnection() {
        var waiting = readQueue().length;
        var text = navigator.onLine ? texts.online : texts.offline;
        if (waiting) {
            text += " " + format(texts.waiting, { count: waiting });
        }
        el("door-connection").textContent = text;
        el("door-connection").classList.toggle("door__connection--offline", !navigator.onLine);
    }

    // The camera

    function scanFrame(video, canvas, context) {
        if (!scanning) {
            return;
        }
        if (video.readyState === video.HAVE_ENOUGH_DATA && video.videoWidth) {
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            context.drawImage(video, 0, 0, canvas.width, canvas.height);
            var image = context.getImageData(0, 0, canvas.width, canvas.height);
            var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
            if (code && code.data) {
                scanning = false;
                scanned(code.data.trim());
                return;
            }
        }
        window.setTimeout(function () {
            scanFrame(video, canvas, context);
        }, 150);
    }

    function scanned(token) {
        var person = people.find(function (p) {
            return p.token === token;
        });
        if (person) {
            showPerson(person);
            var check = el("door-result-check-in");
            (check.hidden ? el("door-result-next") : check).focus();
            return;
        }
        if (!navigator.onLine) {
            showUnknown(texts.unknown_offline);
            return;
        }
        // Registered after this page was loaded? Fetch the list again before giving up.
        refreshPeople().then(function () {
            var found = people.find(function (p) {
                return p.token === token;
            });
            if (found) {
                showPerson(found);
            } else {
                showUnknown(texts.unknown_code);
            }
            el("door-result-next").focus();
        });
    }

    function startScanning() {
        var video = el("door-video");
        var canvas = document.createElement("canvas");
        scanning = true;
        scanFrame(video, canvas, canvas.getContext("2d", { willReadFrequently: true }));
    }

    async function toggleCamera() {
        var button = el("door-camera");
        var video = el("door-video");
        if (stream) {
            scanning = false;
            stream.getTracks().forEach(function (track) {
                track.stop();
            });
            stream = null;
            video.hidden = true;
            button.textContent = texts.start_camera;
            el("door-camera-state").textContent = "";
            return;
        }
        try {
            stream = await navigator.mediaDevices.getUserMedia({
                video: { facingMode: "environment" },
                audio: false,
            });
        } catch (error) {
            el("door-camera-state").textContent = texts.camera_failed;
            return;
        }
        video.srcObject = stream;
        video.hidden = false;
        await video.play();
        button.textContent = texts.stop_camera;
        el("door-camera-state").textContent = texts.camera_on;
        startScanning();
    }

    async function refreshPeople() {
        try {
            var response = await fetch(root.dataset.peopleUrl, { credentials: "same-origin" });
            var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
            if (response.ok && !response.redirected && json) {
                var data = await response.json();
                csrfToken = data.csrf_token || csrfToken;
                data.people.forEach(remember);
                render();
            }
        } catch (error) {
            // offline: the list on this device stays as it is
        }
    }

    // Walk-ins

    function offerWalkInAgain(body, data) {
        var form = el("door-walk-in");
        if (!form) {
            return;
        }
        el("door-walk-in-name").value = body.name;
        el("door-walk-in-email").value = body.email;
        if (data.full) {
            el("door-override").hidden = false;
            el("door-override-check").focus();
        }
    }

    function submitWalkIn(event) {
        event.preventDefault();
        var form = event.target;
        var over = el("door-override-check").checked && !el("door-override").hidden;
        var reason = el("door-override-reason").value.trim();
        if (over && !reason) {
            log(texts.reason_needed, "error");
            el("door-override-reason").focus();
            return;
        }
        var name = el("door-walk-in-name").value.trim();
        enqueue(root.dataset.walkInUrl, {
            name: name,
            email: el("door-walk-in-email").value.trim(),
            over_capacity: over,
            reason: over ? reason : "",
        });
        if (!navigator.onLine) {
            log(format(texts.walk_in_queued, { name: name }), "queued");
        }
        form.reset();
        el("door-override").hidden = true;
    }

    // Wiring

    el("door-camera").addEventListener("click", toggleCamera);
    el("door-result-check-in").addEventListener("click", function () {
        if (current) {
            checkIn(current, "scan");
        }
    });
    el("door-result-next").addEventListener("click", function () {
        el("door-result").hidden = true;
        current = null;
        justCheckedIn = null;
        if (stream) {
            startScanning();
        }
    });
    el("door-search").addEventListener("input", renderSearch);
    if (el("door-walk-in")) {
        el("door-walk-in").addEventListener("submit", submitWalkIn);
    }
    window.addEventListener("online", function () {
        showConnection();
        flush().then(refreshPeople);
    });
    window.addEventListener("offline", showConnection);
    window.setInterval(function () {
        if (navigator.onLine) {
            flush();
        }
    }, 15000);
    window.setInterval(function () {
        if (navigator.onLine && !readQueue().length) {
            refreshPeople();
        }
    }, 60000);
    showConnection();
    render();
    flush();
})();
