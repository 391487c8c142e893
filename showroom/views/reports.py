"""A place's reports as CSV files for staff (UTF-8 with a BOM so that Excel reads Chinese)."""

import csv

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from catalog.models import Warehouse
from showroom.reports import (
    ReportParameterError,
    can_view_place_reports,
    local_today,
    report_build,
)


@require_GET
def report_csv(request, place_id: int, report: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    place = get_object_or_404(Warehouse, pk=place_id)
    if not can_view_place_reports(request.user, place):
        raise PermissionDenied
    try:
        built = report_build(place=place, name=report, params=request.GET)
    except ReportParameterError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    if built is None:
        raise Http404("No such report.")
    filename = f"{place.slug}-{report}-{local_today().isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(built.header)
    writer.writerows(built.rows)
    return response
