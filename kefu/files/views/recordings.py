"""Pages of call recordings and 《录音存档记录表》 (seed 000 L35)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kefu.files import selectors, services
from kefu.files.forms import ExtractionForm, RecordingFilterForm, RecordingForm
from kefu.files.views.common import PAGE_SIZE, client_address, form_error
from kefu.org.models import Site


def _upload_sites(request: HttpRequest) -> list[Site]:
    ids = selectors.sites_with(request.user, selectors.RECORDINGS)
    return list(Site.objects.filter(pk__in=ids).order_by("code"))


@login_required
def recording_list(request: HttpRequest) -> HttpResponse:
    """Recordings of the user's sites (masked numbers); those who keep them store new ones."""
    sites = _upload_sites(request)
    if request.method == "POST":
        form = RecordingForm(request.POST, request.FILES, sites=sites)
        if not form.is_valid():
            raise form_error(form)
        data = form.cleaned_data
        site = next(s for s in sites if str(s.pk) == data["site"])
        recording = services.recording_add(
            actor=request.user,
            site=site,
            upload=data["audio"],
            called_at=data["called_at"],
            phone=data["phone"],
            direction=data["direction"],
            ticket=(
                selectors.request_of_site(site.pk, data["request_number"])
                if data["request_number"]
                else None
            ),
            note=data["note"],
        )
        messages.success(request, _("The recording was stored."))
        return redirect("files:recording_detail", pk=recording.pk)
    filters = RecordingFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    recordings = selectors.recording_list_for(
        request.user, query=data.get("q", ""), extracted_only=bool(data.get("extracted"))
    )
    page = Paginator(recordings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page,
        "rows": [(r, selectors.shown_phone(request.user, r)) for r in page.object_list],
        "form": RecordingForm(sites=sites) if sites else None,
    }
    return render(request, "files/recording_list.html", context)


@login_required
@require_GET
def recording_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recording = selectors.access_recording(request.user, pk)
    may_keep = selectors.may(request.user, recording.site_id, selectors.RECORDINGS)
    context = {
        "recording": recording,
        "phone": selectors.shown_phone(request.user, recording),
        "kept_until": selectors.recording_kept_until(recording),
        "held": selectors.recording_held(recording),
        "extractions": list(recording.extractions.select_related("extracted_by")),
        "extract_form": ExtractionForm() if may_keep and recording.audio else None,
        "destructions": list(recording.destructions.select_related("requested_by", "decided_by")),
    }
    return render(request, "files/recording_detail.html", context)


@login_required
@require_GET
def recording_audio(request: HttpRequest, pk: int) -> FileResponse:
    """The recording's audio (or an extracted copy's with ``?copy=<id>``); recorded."""
    recording = selectors.access_recording(request.user, pk)
    copy_id = request.GET.get("copy")
    extraction = selectors.access_extraction(request.user, copy_id) if copy_id else None
    audio = services.recording_open(
        actor=request.user,
        recording=recording,
        extraction=extraction,
        origin=client_address(request),
    )
    response = FileResponse(audio.open("rb"), content_type=recording.content_type)
    response["Content-Disposition"] = f'inline; filename="{audio.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def recording_extract_view(request: HttpRequest, pk: int) -> HttpResponse:
    recording = selectors.access_recording(request.user, pk)
    form = ExtractionForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.recording_extract(actor=request.user, recording=recording, **form.cleaned_data)
    messages.success(request, _("The recording was extracted and logged in 《录音存档记录表》."))
    return redirect("files:recording_detail", pk=recording.pk)


@login_required
@require_GET
def extraction_list(request: HttpRequest) -> HttpResponse:
    """《录音存档记录表》: every extraction of the user's sites."""
    page = Paginator(selectors.extraction_list_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "files/extraction_list.html", {"page_obj": page})


@login_required
@require_POST
def recording_destruction_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    recording = selectors.access_recording(request.user, pk)
    services.destruction_request(
        actor=request.user,
        recording=recording,
        reason=request.POST.get("reason", "")[:200],
        today=timezone.localdate(),
    )
    messages.success(request, _("The destruction was requested."))
    return redirect("files:retention_list")
