"""``/embed``: the map alone, for another site's ``<iframe>`` (:mod:`geo.present.embed`), framed only
by the origins ``BORDERWATCH_EMBED_ORIGINS`` lists."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboard.http_answers import Built, answer
from geo.atlas import Atlas
from geo.present.embed import content_security_policy, embed_html
from geo.settings import load_settings


def embed(request: Request) -> Response:
    query = dict(request.query_params)

    def build(data: Atlas) -> Built:
        return Built(embed_html(data, query).encode("utf-8"))

    policy = content_security_policy(load_settings().embed_origins)
    return answer(request, build, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": policy})


ROUTES = [Route("/embed", embed, methods=["GET"])]
