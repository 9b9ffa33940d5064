"""API of the indicators: measurement feeds from business applications."""

from ninja import Router

router = Router(tags=["indicators"])
