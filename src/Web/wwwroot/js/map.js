// The web client's maps, on Leaflet (installed from npm by the build, served from /lib/leaflet: no CDN).
// The page (a Blazor component) owns the data; this module only draws it. Markers are circles drawn by the browser, so
// they show even when the tile server cannot be reached; the page lists the same requests below the map.

let leafletLoading = null;

function loadLeaflet() {
    if (window.L) {
        return Promise.resolve(window.L);
    }
    if (!leafletLoading) {
        leafletLoading = new Promise(function (resolve, reject) {
            const css = document.createElement("link");
            css.rel = "stylesheet";
            css.href = "/lib/leaflet/leaflet.css";
            document.head.appendChild(css);
            const script = document.createElement("script");
            script.src = "/lib/leaflet/leaflet.js";
            script.onload = function () { resolve(window.L); };
            script.onerror = function () { leafletLoading = null; reject(new Error("leaflet did not load")); };
            document.head.appendChild(script);
        });
    }
    return leafletLoading;
}

const colours = {
    submitted: "#b45309", triaged: "#1d4ed8", "in-progress": "#7c3aed", "needs-budget": "#be185d", "proposed-for-plan": "#0e7490",
    resolved: "#15803d", closed: "#4b5563", rejected: "#6b7280", duplicate: "#9ca3af",
};

const maps = new Map();

// Creates a map in the element: options { tileUrl, attribution, latitude, longitude, zoom, tilesFailed, noTiles, zoomIn, zoomOut,
// pinTitle, pinAlt (texts) }.
// Answers false when Leaflet could not load (the page then keeps its list).
export async function create(element, options, page) {
    let L;
    try {
        L = await loadLeaflet();
    } catch (e) {
        return false;
    }
    destroy(element);
    const map = L.map(element, { scrollWheelZoom: false, zoomControl: false }).setView([options.latitude, options.longitude], options.zoom);
    // The zoom buttons are named in the page's language; Leaflet's own link is left out of the attribution (its licence
    // does not ask for it), the tile provider's stays.
    L.control.zoom({ zoomInTitle: options.zoomIn || "+", zoomOutTitle: options.zoomOut || "-" }).addTo(map);
    map.attributionControl.setPrefix(false);
    const state = { map: map, layer: L.layerGroup().addTo(map), pin: null, page: page, tilesFailed: false, options: options };
    if (options.tileUrl) {
        const tiles = L.tileLayer(options.tileUrl, { attribution: options.attribution || "", maxZoom: 19 });
        tiles.on("tileerror", function () {
            if (!state.tilesFailed) {
                state.tilesFailed = true;
                element.dataset.tiles = "failed";
                const notice = document.createElement("div");
                notice.className = "map-notice";
                notice.setAttribute("role", "status");
                notice.textContent = options.tilesFailed;
                element.appendChild(notice);
            }
        });
        tiles.on("load", function () { if (!state.tilesFailed) { element.dataset.tiles = "loaded"; } });
        tiles.addTo(map);
    } else {
        // No tile server is configured: nothing is asked of any outside host, and the map says why it is plain.
        element.dataset.tiles = "none";
        const notice = document.createElement("div");
        notice.className = "map-notice";
        notice.setAttribute("role", "status");
        notice.textContent = options.noTiles || "";
        element.appendChild(notice);
    }
    maps.set(element, state);
    element.dataset.map = "ready";
    return true;
}

// Draws the markers: [{ id, latitude, longitude, status, label, href }]; each opens its request's page.
export function markers(element, items, fit) {
    const state = maps.get(element);
    if (!state) {
        return 0;
    }
    const L = window.L;
    state.layer.clearLayers();
    const bounds = [];
    for (const item of items) {
        const marker = L.circleMarker([item.latitude, item.longitude], {
            radius: 9, weight: 2, color: "#ffffff", fillColor: colours[item.status] || "#1f2937", fillOpacity: 0.9,
        });
        marker.bindTooltip(item.label);
        marker.on("click", function () { window.location.assign(item.href); });
        marker.addTo(state.layer);
        const path = marker.getElement && marker.getElement();
        if (path) {
            path.setAttribute("data-request", item.id);
            path.setAttribute("aria-label", item.label);
            path.classList.add("map-marker");
        }
        bounds.push([item.latitude, item.longitude]);
    }
    if (fit && bounds.length > 0) {
        // No animation: a marker tapped while the map still glides would be missed. The larger bottom padding keeps
        // markers clear of the notice that says the base map could not load.
        state.map.fitBounds(bounds, { paddingTopLeft: [24, 24], paddingBottomRight: [24, 56], maxZoom: 16, animate: false });
    }
    element.dataset.markers = String(items.length);
    return items.length;
}

// Lets the person place a pin by tapping the map; the page hears PinPlaced(latitude, longitude).
export function pick(element, latitude, longitude) {
    const state = maps.get(element);
    if (!state) {
        return false;
    }
    const L = window.L;
    const place = function (lat, lng, tell) {
        if (state.pin) {
            state.pin.setLatLng([lat, lng]);
        } else {
            // Named in the page's language: Leaflet's own alt ("Marker") and a code word would be English on a Thai page.
            state.pin = L.marker([lat, lng], {
                draggable: true, keyboard: true, title: state.options.pinTitle || "", alt: state.options.pinAlt || state.options.pinTitle || "",
            }).addTo(state.map);
            state.pin.on("dragend", function () {
                const p = state.pin.getLatLng();
                state.page.invokeMethodAsync("PinPlaced", p.lat, p.lng);
            });
        }
        element.dataset.pin = lat.toFixed(6) + "," + lng.toFixed(6);
        if (tell) {
            state.page.invokeMethodAsync("PinPlaced", lat, lng);
        }
    };
    if (latitude !== null && longitude !== null) {
        place(latitude, longitude, false);
        state.map.setView([latitude, longitude], Math.max(state.map.getZoom(), 16));
    }
    state.place = place;
    state.map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng, true); });
    return true;
}

// Moves the pin (e.g. to the phone's position) without telling the page again.
export function movePin(element, latitude, longitude) {
    const state = maps.get(element);
    if (state && state.place) {
        state.place(latitude, longitude, false);
        state.map.setView([latitude, longitude], Math.max(state.map.getZoom(), 16));
    }
}

export function destroy(element) {
    const state = maps.get(element);
    if (state) {
        state.map.remove();
        maps.delete(element);
    }
}
