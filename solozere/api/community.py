"""Public read API of the community: the census, with the same protection as the page."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.decorators import decorate_view

from solozere.api import throttling
from solozere.api.schemas import error_responses
from solozere.community import selectors
from solozere.community.stats import SMALL_GROUP_THRESHOLD, ProtectedTable
from solozere.core.page_cache import cache_anonymous_page

router = Router()


class CellOut(Schema):
    key: str
    label: str
    count: int | None
    display: str
    suppressed: str | None  # "small" (< 5) or "masked" (hidden so that a small group cannot be recomputed)


class TableOut(Schema):
    published: bool
    total: int
    cells: list[CellOut]


class GrowthPointOut(Schema):
    date: date
    active_members: int


class CommunityStatsOut(Schema):
    active_members: int
    goal: int
    small_group_threshold: int
    date: date
    by_area: TableOut
    by_status: TableOut
    by_sector: TableOut
    growth: list[GrowthPointOut]


def _table(table: ProtectedTable) -> TableOut:
    return TableOut(
        published=table.published,
        total=table.total,
        cells=[
            CellOut(
                key=cell.key,
                label=cell.label,
                count=cell.count,
                display=cell.display,
                suppressed=None if cell.count is not None else str(cell.kind),
            )
            for cell in table.cells
        ],
    )


@decorate_view(cache_anonymous_page("community", rate_limit=throttling.ACTION))
@router.get(
    "/stats/community",
    operation_id="get_community_stats",
    response={200: CommunityStatsOut, **error_responses()},
    summary="Recensement des télétravailleurs membres",
    description=(
        "Membres actifs face à l'objectif, répartitions par territoire (cantons de 2014, sinon EPCI), situation et "
        "secteur, croissance mensuelle. Un groupe de moins de 5 personnes est publié « < 5 » (count nul) et d'autres "
        "cases sont masquées (« masqué ») pour qu'aucun petit groupe ne puisse être recalculé à partir du total. "
        "Une répartition impossible à protéger n'est pas publiée (published = false)."
    ),
)
def community_stats(request: HttpRequest) -> CommunityStatsOut:
    census = selectors.community_census()
    return CommunityStatsOut(
        active_members=census.active,
        goal=census.goal,
        small_group_threshold=SMALL_GROUP_THRESHOLD,
        date=census.today,
        by_area=_table(census.by_area),
        by_status=_table(census.by_status),
        by_sector=_table(census.by_sector),
        growth=[GrowthPointOut(date=day, active_members=value) for day, value in census.growth],
    )
