"""Bookable resources of the places, bookings, closures, waiting list, presence and the avoided commute."""

from solozere.bookings.models_presence import CheckIn, CommuteProfile

__all__ = ["CheckIn", "CommuteProfile"]
