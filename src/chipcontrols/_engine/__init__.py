"""The engine: instruments folded into regimes on two clocks and three bases.

- ``index``: lookups over a validated record, and the bounded evaluation caches;
- ``classify``: classification from specifications, three-valued;
- ``reference`` and ``evaluate``: the plain, day-by-day reference evaluation;
- ``relevance``: which provisions and days matter to a chip and destination;
- ``sharing``: what the engine can see of a chip and a destination, so that pairs seen alike
  share one timeline;
- ``compiled``: timelines built from the reference evaluation, and the statuses read from them.
"""
