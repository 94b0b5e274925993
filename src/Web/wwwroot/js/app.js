// Browser features the Blazor pages call through JS interop: the phone's location and the camera's QR scan.
window.municipal = {
    // Called by the layout once the page is interactive (the circuit is connected); answers the address shown now.
    ready: function () {
        window.__municipalReady = true;
        document.documentElement.dataset.interactive = "true";
        return location.href;
    },

    // The device's position (WGS 84), or the reason it is not available; the page falls back to a typed address.
    locate: function () {
        return new Promise(function (resolve) {
            if (!("geolocation" in navigator)) {
                resolve({ ok: false, error: "unsupported" });
                return;
            }
            navigator.geolocation.getCurrentPosition(
                function (p) { resolve({ ok: true, latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }); },
                function (e) { resolve({ ok: false, error: e.code === 1 ? "denied" : "unavailable" }); },
                { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
        });
    },

    // Whether the browser can read QR codes from the camera (the BarcodeDetector API: Chrome on Android, for instance).
    canScan: async function () {
        if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            return false;
        }
        try {
            const formats = await BarcodeDetector.getSupportedFormats();
            return formats.indexOf("qr_code") >= 0;
        } catch (e) {
            return false;
        }
    },

    // Shows the file chosen in an <input type=file> in an <img>, without sending it anywhere.
    preview: function (input, img) {
        if (input.files && input.files.length > 0) {
            if (img.dataset.url) {
                URL.revokeObjectURL(img.dataset.url);
            }
            img.dataset.url = URL.createObjectURL(input.files[0]);
            img.src = img.dataset.url;
        }
    },

    // Moves focus to an element the page just showed (an error summary, a refusal next to its button) and into view.
    focus: function (el) {
        if (el && el.focus) {
            el.focus({ preventScroll: true });
            el.scrollIntoView({ block: "center", behavior: "instant" });
        }
    },

    scanner: null,

    // Reads QR codes from the camera into the video element and hands each new value to the page.
    startScan: async function (video, page) {
        await window.municipal.stopScan();
        const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        video.srcObject = stream;
        await video.play();
        const detector = new BarcodeDetector({ formats: ["qr_code"] });
        const state = { stream: stream, stopped: false, last: null };
        window.municipal.scanner = state;
        const tick = async function () {
            if (state.stopped) {
                return;
            }
            try {
                const codes = await detector.detect(video);
                if (codes.length > 0 && codes[0].rawValue !== state.last) {
                    state.last = codes[0].rawValue;
                    await page.invokeMethodAsync("Scanned", codes[0].rawValue);
                }
            } catch (e) {
                // a frame that could not be read: try the next one
            }
            setTimeout(tick, 300);
        };
        tick();
        return true;
    },

    stopScan: async function () {
        const state = window.municipal.scanner;
        if (state) {
            state.stopped = true;
            state.stream.getTracks().forEach(function (t) { t.stop(); });
            window.municipal.scanner = null;
        }
    }
};

// The skip link moves keyboard focus to the content, not only the scroll position: Blazor's router takes in-page
// links itself, so this listens first (capture) and focuses <main id="content" tabindex="-1"> directly.
document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
    var main = document.getElementById("content");
    if (link && main) {
        event.preventDefault();
        event.stopPropagation();
        main.focus();
    }
}, true);

// A link of an error summary takes focus to the field it names (the control its message under the field describes).
document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest(".error-summary a[data-field]") : null;
    if (!link) {
        return;
    }
    var errorId = "error-" + link.dataset.field.replace(/\./g, "-");
    var control = document.querySelector('[aria-describedby~="' + errorId + '"]') || document.getElementById(errorId);
    if (control) {
        event.preventDefault();
        event.stopPropagation();
        control.focus();
        control.scrollIntoView({ block: "center", behavior: "instant" });
    }
}, true);

// Escape closes the phone menu and gives focus back to its button.
document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
        return;
    }
    var toggle = document.querySelector(".menu-toggle[aria-expanded=true]");
    if (toggle) {
        event.preventDefault();
        toggle.click();
        toggle.focus();
    }
});

// After each navigation focus goes to the page's start (before the skip link), which reads the page's title: the
// next Tab reaches the skip link, not the content. The element follows the document's title as pages change it.
(function () {
    function follow() {
        var top = document.getElementById("page-top");
        if (top && top.textContent !== document.title) {
            top.textContent = document.title;
        }
    }
    new MutationObserver(follow).observe(document.head, { childList: true, subtree: true, characterData: true });
    document.addEventListener("DOMContentLoaded", follow);
})();
