"""The FastAPI application: wiring only. Routes live in ``web/routes``; errors map in ``web/errors.py``."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from xstatic.pkg import leaflet, leaflet_markercluster

from truceline import __version__
from truceline.clock import Clock, SystemClock
from truceline.config import Settings, get_settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.web import errors, i18n
from truceline.web.access import RULES, add_rules, enforce
from truceline.web.routes import (
    accessions,
    agreements,
    document_pages,
    humanitarian,
    incident_pages,
    meta,
    ogc,
    pages,
    parties,
    person_pages,
    posts,
    register_pages,
    review_pages,
    session_pages,
    statement_pages,
    talks,
    zones,
)
from truceline.web.routes import auth as auth_routes
from truceline.web.routes import dashboard as dashboard_routes
from truceline.web.routes import documents as documents_routes
from truceline.web.routes import exchange as exchange_routes
from truceline.web.routes import exchange_operations as operations_routes
from truceline.web.routes import exports as exports_routes
from truceline.web.routes import incidents as incidents_routes
from truceline.web.routes import persons as persons_routes
from truceline.web.routes import reports as reports_routes
from truceline.web.routes import sources as sources_routes
from truceline.web.routes import statements as statements_routes

ROUTERS = [meta.router, auth_routes.router, parties.router, agreements.router, accessions.router, zones.router,
           posts.router, talks.router, incidents_routes.router, incidents_routes.coverage_router,
           sources_routes.router, reports_routes.router, exports_routes.router, exchange_routes.router,
           humanitarian.router, ogc.router, pages.router, session_pages.router,
           review_pages.router, incident_pages.router, register_pages.router,
           documents_routes.router, statements_routes.router, dashboard_routes.router, document_pages.router,
           statement_pages.router,
           persons_routes.router, operations_routes.router, person_pages.router]
# the access rules of routers beyond the API's (their modules keep them beside their routes)
EXTRA_RULES = [dashboard_routes.RULES, document_pages.RULES, session_pages.RULES, review_pages.RULES,
               incident_pages.RULES, register_pages.RULES, person_pages.RULES, statement_pages.RULES]


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Truceline", version=__version__,
                  description="Ceasefire monitoring and verification: the mechanism's registers.",
                  docs_url=None, redoc_url=None,  # their HTML pulls scripts from a CDN; we work offline
                  dependencies=[Depends(enforce)])  # web/access.py: every route has a rule, or is refused
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.clock = clock or SystemClock()
    app.state.access_rules = dict(RULES)
    for rules in EXTRA_RULES:
        add_rules(app, rules)
    errors.install(app)
    app.add_middleware(i18n.LanguageCookie)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static/markercluster", StaticFiles(directory=leaflet_markercluster.BASE_DIR), name="markercluster")
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app
