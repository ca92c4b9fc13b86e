"""One router per resource; each route parses input, calls one function in api/, returns."""

from api.routes import analyst, audit, health, lineage, profiles, relationships, search, steward

ROUTERS = [health.router, profiles.router, search.router, lineage.router, relationships.router,
           analyst.router, audit.router, steward.router]
