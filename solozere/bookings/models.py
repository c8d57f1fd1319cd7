"""Bookable resources of the places, bookings, closures, waiting list, presence and the avoided commute."""
