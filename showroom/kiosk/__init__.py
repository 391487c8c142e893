"""The showroom kiosk: a touch screen's one-page app, its catalog, pickup reservations sent
once however often the screen retries them, and carts handed to the shopper's phone."""
