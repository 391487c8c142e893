(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kiosk-config").textContent);
  var KEYS = {
    catalog: "kiosk.catalog." + config.device,
    cart: "kiosk.cart." + config.device,
    queue: "kiosk.queue." + config.device
  };
  var DEFAULT_LANGUAGE = "zh-Hans";
  var state = {
    language: DEFAULT_LANGUAGE, screen: "start", catalog: null, fromCache: false,
    cart: load(KEYS.cart) || [], product: null, variant: null, quantity: 1, waitingKey: null
  };
  var inFlight = {};
  var lastTouch = Date.now();

  function $(id) { return document.getElementById(id); }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full: keep going */ }
  }
  function t(key) { return config.texts[state.language][key] || config.texts.en[key] || key; }
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      if (name === "text") node.textContent = props[name];
      else if (name === "onclick") node.addEventListener("click", props[name]);
      else node.setAttribute(name, props[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  /* A text of the catalog in the kiosk's language, else the Chinese one (marked as such). */
  function named(texts, attrs) {
    var own = texts[state.language];
    attrs = attrs || {};
    attrs.text = own || texts["zh-Hans"];
    if (!own && state.language !== "zh-Hans") attrs.lang = "zh-Hans";
    return attrs;
  }
  /* Money as strings of two decimals, added up in cents: never floats. */
  function cents(price) {
    var parts = String(price).split(".");
    return parseInt(parts[0], 10) * 100 + parseInt((parts[1] || "0").concat("0").slice(0, 2), 10);
  }
  function money(amount) {
    var value = typeof amount === "number" ? amount : cents(amount);
    return "¥" + Math.floor(value / 100) + "." + String(value % 100 + 100).slice(1);
  }
  function uuid4() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  /* --- screens and language ------------------------------------------------------------ */

  function show(screen) {
    state.screen = screen;
    document.querySelectorAll(".screen").forEach(function (section) {
      section.hidden = section.id !== "screen-" + screen;
    });
    $("bar").hidden = screen === "start";
    render();
    window.scrollTo(0, 0);
  }
  function setLanguage(language) {
    state.language = language;
    document.documentElement.lang = language;
    document.querySelectorAll("[data-t]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-t"));
    });
    document.querySelectorAll("[data-t-label]").forEach(function (node) {
      node.setAttribute("aria-label", t(node.getAttribute("data-t-label")));
    });
    document.querySelectorAll(".languages").forEach(function (group) {
      group.textContent = "";
      Object.keys(config.languages).forEach(function (code) {
        group.appendChild(el("button", {
          type: "button", lang: code, "data-language": code,
          "aria-pressed": String(code === state.language), text: config.languages[code],
          onclick: function () { setLanguage(code); }
        }));
      });
    });
    render();
  }

  function render() {
    var count = state.cart.reduce(function (sum, line) { return sum + line.quantity; }, 0);
    $("cart-count").textContent = count;
    $("offline-banner").hidden = !state.fromCache;
    var queued = queue().length;
    $("queue-status").hidden = !queued;
    $("queue-status").textContent = t("queuedCount").replace("%(count)s", queued);
    if (state.screen === "browse") renderBrowse();
    if (state.screen === "product") renderProduct();
    if (state.screen === "cart") renderCart();
  }

  /* --- catalog ------------------------------------------------------------------------- */

  function loadCatalog() {
    return fetch(config.catalogUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (catalog) {
        state.catalog = catalog;
        state.fromCache = false;
        save(KEYS.catalog, catalog);
      })
      .catch(function () {
        state.catalog = state.catalog || load(KEYS.catalog);
        state.fromCache = true;
      })
      .then(render);
  }
  function products() { return (state.catalog && state.catalog.products) || []; }
  function findVariant(variantId) {
    var found = null;
    products().forEach(function (product) {
      product.variants.forEach(function (variant) {
        if (variant.id === variantId) found = { product: product, variant: variant };
      });
    });
    return found;
  }
  function badges(item) {
    var node = el("span");
    if (item.onShelfHere) node.appendChild(el("span", { "class": "badge here", text: t("onShelf") }));
    if (item.deliverable) node.appendChild(el("span", { "class": "badge far", text: t("delivered") }));
    if (!item.onShelfHere && !item.deliverable) node.appendChild(el("span", { "class": "badge", text: t("outOfStock") }));
    return node;
  }
  function image(src) {
    if (!src) return null;
    var img = el("img", { src: src, alt: "", loading: "lazy" });
    img.addEventListener("error", function () { img.hidden = true; });
    return img;
  }

  function renderBrowse() {
    var grid = $("product-grid");
    $("catalog-loading").hidden = !!state.catalog;
    grid.textContent = "";
    products().forEach(function (product) {
      grid.appendChild(el("li", {}, [el("button", {
        type: "button", "class": "card", id: "product-" + product.slug,
        onclick: function () { openProduct(product); }
      }, [
        image(product.image),
        el("span", named(product.name, { "class": "name" })),
        el("span", { "class": "price", text: money(product.price) }),
        badges(product)
      ])]));
    });
  }

  function openProduct(product) {
    state.product = product;
    var first = product.variants.filter(function (v) { return v.onShelfHere || v.deliverable; })[0];
    state.variant = first || product.variants[0];
    state.quantity = 1;
    $("added").textContent = "";
    var qr = $("product-qr");
    qr.hidden = false;
    qr.onerror = function () { qr.hidden = true; };
    qr.src = config.qrUrl + "?data=" + encodeURIComponent(product.url);
    $("product-url").textContent = product.url;
    show("product");
  }

  function renderProduct() {
    var product = state.product, variant = state.variant;
    if (!product) return;
    var heading = $("product-name");
    var attrs = named(product.name);
    heading.textContent = attrs.text;
    if (attrs.lang) heading.setAttribute("lang", attrs.lang); else heading.removeAttribute("lang");
    var picture = $("product-image");
    picture.hidden = !product.image;
    picture.onerror = function () { picture.hidden = true; };
    if (product.image && picture.getAttribute("src") !== product.image) picture.src = product.image;
    $("product-price").textContent = money(variant.price);
    $("product-badges").textContent = "";
    $("product-badges").appendChild(badges(variant));
    var description = product.description[state.language] || product.description["zh-Hans"];
    $("product-description").textContent = description;
    var choices = $("product-variants");
    choices.textContent = "";
    choices.hidden = product.variants.length < 2;
    product.variants.forEach(function (option) {
      choices.appendChild(el("button", named(option.name, {
        type: "button", "aria-pressed": String(option.id === variant.id),
        onclick: function () { state.variant = option; renderProduct(); }
      })));
    });
    $("qty").textContent = state.quantity;
    $("add-to-cart").disabled = !(variant.onShelfHere || variant.deliverable);
  }

  /* --- cart ---------------------------------------------------------------------------- */

  function saveCart() { save(KEYS.cart, state.cart); render(); }
  function addToCart() {
    var line = state.cart.filter(function (l) { return l.variantId === state.variant.id; })[0];
    if (line) line.quantity += state.quantity;
    else state.cart.push({ variantId: state.variant.id, quantity: state.quantity });
    $("added").textContent = t("added");
    saveCart();
  }
  function cartLines() {
    return state.cart.map(function (line) { return { variantId: line.variantId, quantity: line.quantity }; });
  }
  function changeLine(line, by) {
    line.quantity += by;
    if (line.quantity < 1) state.cart.splice(state.cart.indexOf(line), 1);
    $("cart-error").textContent = "";
    saveCart();
  }

  function renderCart() {
    var list = $("cart-lines"), total = 0, shelf = true, deliverable = true;
    list.textContent = "";
    if (state.catalog) state.cart = state.cart.filter(function (line) { return findVariant(line.variantId); });
    state.cart.forEach(function (line) {
      var found = findVariant(line.variantId);
      if (!found) return;
      total += cents(found.variant.price) * line.quantity;
      shelf = shelf && found.variant.onShelfHere;
      deliverable = deliverable && found.variant.deliverable;
      var label = el("div", {}, [
        el("strong", named(found.product.name)),
        found.product.variants.length > 1 ? el("span", named(found.variant.name, { "class": "note" })) : null,
        el("div", { "class": "price", text: money(found.variant.price) }),
        badges(found.variant)
      ]);
      list.appendChild(el("li", {}, [
        label,
        el("div", { "class": "stepper" }, [
          el("button", { type: "button", text: "−", "aria-label": "−", onclick: function () { changeLine(line, -1); } }),
          el("output", { text: String(line.quantity) }),
          el("button", { type: "button", text: "+", "aria-label": "+", onclick: function () { changeLine(line, 1); } })
        ]),
        el("button", { type: "button", "class": "quiet", text: t("remove"), onclick: function () { changeLine(line, -line.quantity); } })
      ]));
    });
    var empty = !state.cart.length;
    $("cart-empty").hidden = !empty;
    $("cart-total").textContent = money(total);
    $("reserve").disabled = empty || !shelf;
    $("reserve-note").hidden = empty || shelf;
    $("deliver").disabled = $("continue-phone").disabled = empty || !deliverable;
    $("deliver-note").hidden = empty || deliverable;
  }

  /* --- sending orders: kept in a queue until the server answers ------------------------------ */

  function queue() { return load(KEYS.queue) || []; }
  function queueRemove(key) {
    save(KEYS.queue, queue().filter(function (entry) { return entry.key !== key; }));
  }
  function post(url, payload) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(payload),
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken }
    });
  }
  /* Resolves {status: "sent" | "rejected" | "queued", body}. An order leaves the queue only
     when the server answered it (2xx or 4xx); a network failure or a 5xx keeps it, and the
     same idempotency key makes a resend harmless. */
  function send(entry) {
    if (inFlight[entry.key]) return inFlight[entry.key];
    var sending = post(config.ordersUrl, entry.payload)
      .then(function (response) {
        if (response.status >= 500) return { status: "queued" };
        return response.json().catch(function () { return {}; }).then(function (body) {
          queueRemove(entry.key);
          return { status: response.ok ? "sent" : "rejected", body: body };
        });
      }, function () { return { status: "queued" }; })
      .then(function (result) {
        delete inFlight[entry.key];
        settle(entry, result);
        return result;
      });
    inFlight[entry.key] = sending;
    return sending;
  }
  function flush() {
    return queue().reduce(function (previous, entry) {
      return previous.then(function () { return send(entry); });
    }, Promise.resolve()).then(render);
  }
  function settle(entry, result) {
    render();
    if (entry.key !== state.waitingKey) return;
    if (result.status === "sent") {
      state.waitingKey = null;
      clearCart();
      $("placed-number").textContent = "#" + result.body.order.number;
      $("placed-code").textContent = result.body.order.pickupCode;
      show("placed");
    } else if (result.status === "rejected") {
      state.waitingKey = null;
      show("reserve");
      $("reserve-error").textContent = errorText(result.body);
      loadCatalog(); /* what is on the shelf may have changed */
    } else if (state.screen !== "queued") {
      clearCart();
      show("queued");
    }
  }
  function errorText(body) {
    var error = (body && body.errors && body.errors[0]) || {};
    /* Pickup here "not applicable": the shelf cannot serve the cart (its last units just went). */
    if (["INSUFFICIENT_STOCK", "QUANTITY_GREATER_THAN_LIMIT", "DELIVERY_METHOD_NOT_APPLICABLE"]
      .indexOf(error.code) >= 0) return t("errorStock");
    if (error.field === "phone") return t("errorPhone");
    if (error.code === "DEVICE_NOT_REGISTERED") return t("errorDevice");
    if (["UNAVAILABLE_VARIANT_IN_CHANNEL", "PRODUCT_UNAVAILABLE_FOR_PURCHASE", "PRODUCT_NOT_PUBLISHED",
      "NOT_FOUND", "GRAPHQL_ERROR"].indexOf(error.code) >= 0) return t("errorUnavailable");
    return t("errorOther");
  }

  function reserve() {
    var phone = $("phone").value.replace(/[\s-]/g, "").replace(/^\+?86/, "");
    if (!/^1[3-9]\d{9}$/.test(phone)) {
      $("reserve-error").textContent = t("errorPhone");
      return;
    }
    var key = uuid4();
    var entry = {
      key: key, at: new Date().toISOString(),
      payload: {
        idempotencyKey: key, lines: cartLines(), phone: phone,
        name: $("name").value.trim(), language: state.language
      }
    };
    save(KEYS.queue, queue().concat([entry]));
    state.waitingKey = key;
    show("sending");
    send(entry);
  }

  function handoff() {
    $("cart-error").textContent = "";
    post(config.handoffUrl, { lines: cartLines(), language: state.language })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) {
          $("cart-error").textContent = errorText(result.body);
          return;
        }
        clearCart();
        $("handoff-qr").innerHTML = result.body.qrSvg; /* made by our server from our URL */
        $("handoff-url").textContent = result.body.url;
        show("handoff");
      }, function () { $("cart-error").textContent = t("networkDown"); });
  }

  /* --- starting over --------------------------------------------------------------------- */

  function clearCart() { state.cart = []; saveCart(); }
  function startOver() {
    clearCart();
    state.product = null;
    state.waitingKey = null;
    $("phone").value = "";
    $("name").value = "";
    $("reserve-error").textContent = "";
    $("cart-error").textContent = "";
    setLanguage(DEFAULT_LANGUAGE);
    show("start");
    loadCatalog();
  }
  function checkIdle() {
    var idle = Date.now() - lastTouch >= config.idleSeconds * 1000;
    if (idle && (state.screen !== "start" || state.cart.length)) startOver();
  }

  /* --- wiring ---------------------------------------------------------------------------- */

  var keypad = $("keypad");
  ["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫"].forEach(function (key) {
    var label = key === "C" ? { "data-t": "clear", text: t("clear") } : { text: key };
    keypad.appendChild(el("button", Object.assign(label, {
      type: "button", "data-key": key,
      onclick: function () {
        var input = $("phone");
        if (key === "C") input.value = "";
        else if (key === "⌫") input.value = input.value.slice(0, -1);
        else if (input.value.length < 11) input.value += key;
        $("reserve-error").textContent = "";
      }
    })));
  });
  ["pointerdown", "touchstart", "keydown", "input"].forEach(function (type) {
    document.addEventListener(type, function () { lastTouch = Date.now(); }, { passive: true, capture: true });
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-go]");
    if (!target) return;
    var where = target.getAttribute("data-go");
    if (where === "start") startOver(); else show(where);
  });
  $("start").addEventListener("click", function () { show("browse"); });
  $("start-over").addEventListener("click", startOver);
  $("cart-button").addEventListener("click", function () { show("cart"); });
  $("qty-minus").addEventListener("click", function () { state.quantity = Math.max(1, state.quantity - 1); renderProduct(); });
  $("qty-plus").addEventListener("click", function () { state.quantity += 1; renderProduct(); });
  $("add-to-cart").addEventListener("click", addToCart);
  $("reserve").addEventListener("click", function () { $("reserve-error").textContent = ""; show("reserve"); });
  $("place-order").addEventListener("click", reserve);
  $("deliver").addEventListener("click", handoff);
  $("continue-phone").addEventListener("click", handoff);
  window.addEventListener("online", function () { flush(); loadCatalog(); });
  setInterval(flush, config.retrySeconds * 1000);
  setInterval(checkIdle, 1000);
  setInterval(function () { if (state.screen === "start") loadCatalog(); }, 300000);

  window.kiosk = { flush: flush, queue: queue, send: send, state: state, loadCatalog: loadCatalog };
  setLanguage(DEFAULT_LANGUAGE);
  show("start");
  loadCatalog();
  flush();
})();
