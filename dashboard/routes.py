"""Every route the dashboard's server adds to the pages: the API (:mod:`dashboard.api_routes`), the
feeds (:mod:`dashboard.feed_routes`) and the embeddable map (:mod:`dashboard.embed_routes`)."""

from __future__ import annotations

from dashboard import api_routes, embed_routes, feed_routes

ROUTES = [*api_routes.ROUTES, *feed_routes.ROUTES, *embed_routes.ROUTES]
