import factory

from solozere.bookings.models import Closure, Resource, ResourceKind
from tests.places.factories import PlaceFactory

# Open every weekday morning and afternoon, closed at lunch and at the weekend.
WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:00"


class ResourceFactory(factory.django.DjangoModelFactory):
    """A pool of three desks, instant confirmation, a month at most, in a place open on weekdays."""

    class Meta:
        model = Resource

    place = factory.SubFactory(PlaceFactory, opening_hours=WEEKDAYS)
    kind = ResourceKind.DESK_POOL
    name = factory.Sequence(lambda n: f"Open space {n}")
    capacity = 3
    longest_stay_days = 31
    price = "10 € la journée"

    class Params:
        office = factory.Trait(kind=ResourceKind.OFFICE, capacity=1, name="Bureau du fond")
        room = factory.Trait(kind=ResourceKind.MEETING_ROOM, capacity=1, name="Salle Aubrac")
        approval = factory.Trait(requires_approval=True)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    reason = "Congés d'été"
