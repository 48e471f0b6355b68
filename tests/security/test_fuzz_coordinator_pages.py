"""What a signed-in coordinator reaches outside the stock admin's add and change forms, fuzzed
with the JUNK of test_fuzz_public_forms and the bad dates of test_fuzz_signed_in_forms, plus huge
and negative numbers, NUL characters and repeated parameters:

- the report pages and their CSV and XLSX exports, the funder sheet and the evaluation export,
  with junk in every GET parameter they read (start, end, organisation, programme, format, year);
- the admin's own views (batch proposal, propose, end a match, a cohort's participant list and
  attendance sheet, expiring certificates, a participant's trail, export and erasure);
- every admin action of the organisation-scoped admins, with junk in the confirmation fields,
  other organisations' ids and ids that are no number in `_selected_action`;
- every organisation-scoped change list, with junk in its filters, search, ordering, paging and
  date hierarchy.

Never a 500; a bad change-list filter answers the admin's "?e=1"; a refused post changes nothing;
and a coordinator of org1 never reads or changes org2's rows: another organisation's object
answers 404, its rows are not in any list, figure or export, and none of them ever changes."""

import csv
import datetime
import io
import json
import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import MAX_URL_REDIRECT_LENGTH, urlencode
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.models import Organisation
from core.scoping import is_scoped_model, scope_to_organisations, scope_to_user
from core.services import set_membership
from courses.models import Cohort, Programme
from matching.models import Match, Meeting, SupportRequest
from notifications.models import Notification
from participants.models import Participant
from reports import exports, pages
from reports.forms import ReportFilterForm
from reports.selectors import Scope
from tests.factories import (
    MatchFactory,
    PeerGuideFactory,
    SupportRequestFactory,
    UserFactory,
    evaluation_consent,
    make_cohort,
    make_enrollment,
    onboarded,
    who5_measurement,
)
from tests.security.test_fuzz_public_forms import FUZZ, JUNK, id_examples
from tests.security.test_fuzz_signed_in_forms import BAD_DATES, assert_escaped, rows
from volunteers.models import PeerGuide, Qualification, SupervisionSession, WellbeingCheckIn

pytestmark = [
    pytest.mark.django_db,
    # A date given to a raw lookup on a date-time field (`?created_at__gte=2026-01-01`): Django
    # reads it as midnight and says so; the list still answers.
    pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning"),
]

FEW = settings(FUZZ, max_examples=15)
ALLOWED = {200, 302, 400, 403, 404}
THEIRS = "Fremmedsen"  # in every name of org2's people, cohorts and sessions
HUGE = "99999999999999999999"  # more than 64 bits

NUMBERS = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(
        [HUGE, "9223372036854775808", "-9223372036854775809", "0", "-1", "1e3", "0x10"]
        + ["１２", "٣", " 7 ", "+5", "1_000", "1.0", "\x00", "1\x00", ""]
    ),
)
YEARS = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["0", "1", "2", "1999", "2000", "2100", "2101", "9998", "9999", "10000"]),
    st.sampled_from(["-2025", "２０２５", "2025.0", " 2025", "2025\x00"]),
)
ANY = st.one_of(JUNK, NUMBERS, BAD_DATES, YEARS)


def repeated(values):
    """One value, or the parameter repeated (a list)."""
    return st.one_of(values, st.lists(values, min_size=2, max_size=3))


def last(params, name):
    """The value a view reads with `request.GET.get(name)`: the last one."""
    value = params.get(name)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def is_id(value) -> bool:
    """What a primary key column can hold: a whole number within 64 bits."""
    try:
        return -(2**63) <= int(value) < 2**63
    except (TypeError, ValueError):
        return False


def get(client, url, params=None, **kwargs):
    response = client.get(url, params or {}, **kwargs)
    assert response.status_code in ALLOWED, (response.status_code, url, params)
    return response


def post(client, url, data=None):
    response = client.post(url, data or {})
    assert response.status_code in ALLOWED, (response.status_code, url, data)
    return response


def body(response) -> str:
    if response.get("Content-Type", "").startswith(exports.XLSX):
        return "\n".join(";".join(row) for row in cells(response))
    return response.content.decode(errors="replace")


def cells(response) -> list[list[str]]:
    """The cells of a CSV or XLSX export, as text."""
    if response["Content-Type"].startswith(exports.XLSX):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return [
            ["" if value is None else str(value) for value in row]
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def leaks(response, sent) -> bool:
    """Whether org2's people show up in a page (unless the request itself named them)."""
    return THEIRS in body(response) and THEIRS not in json.dumps(sent, default=str)


# --- two organisations with the same kinds of rows ------------------------------------------------


def populate(org, name, *, matches):
    now = timezone.now()
    today = timezone.localdate()
    guide = onboarded(PeerGuideFactory(organisation=org, user__first_name=name, capacity=10))
    PeerGuideFactory(organisation=org, user__first_name=name, status="applied")
    for i in range(matches):
        match = MatchFactory(
            guide=guide,
            request__participant__organisation=org,
            request__participant__first_name=name,
            started_at=now - datetime.timedelta(days=90),
        )
        for day in (20, 40, 60):
            Meeting.objects.create(
                match=match,
                starts_at=now - datetime.timedelta(days=day + i),
                status="held",
                duration_minutes=60 + i,
                mode="walk",
            )
        participant = match.request.participant
        evaluation_consent(participant)
        who5_measurement(
            participant,
            source_id=match.pk,
            raw_score=10 + i,
            due_at=now - datetime.timedelta(days=80),
        )
    SupportRequestFactory(participant__organisation=org, participant__first_name=name)
    cohort = make_cohort(org, title=f"{name} hold")
    make_enrollment(cohort, first_name=name)
    WellbeingCheckIn.objects.create(guide=guide, answer=1, needs_follow_up=True, comment=name)
    Qualification.objects.create(
        guide=guide,
        kind="wrap_facilitator",
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=10),
        note=name,
    )
    SupervisionSession.objects.create(organisation=org, date=today, supervisor=name)
    return {"guide": guide, "cohort": cohort}


@pytest.fixture
def data(org1, org2):
    """org1 with a little activity, org2 with more (so a leak would change a figure)."""
    return {
        "ours": populate(org1, "Anna", matches=1),
        "theirs": populate(org2, THEIRS, matches=3),
    }


@pytest.fixture
def coordinator_client(client, coordinator1):
    """org1's coordinator signed in, without the data set (for single requests)."""
    client.force_login(coordinator1)
    return client


@pytest.fixture
def signed_in(coordinator_client, data):
    return coordinator_client


def snapshot(organisation):
    """Every row of every organisation-scoped model that belongs to `organisation`."""
    scoped = [m for m in apps.get_models() if is_scoped_model(m)]
    return rows(*[scope_to_organisations(m._base_manager.all(), [organisation.pk]) for m in scoped])


def everything(organisation):
    """`organisation`'s rows and the outbox (which carries no organisation): what a refused post
    must leave as it was."""
    return snapshot(organisation), rows(Notification.objects.all())


def ids(model, organisation):
    scoped = scope_to_organisations(model.objects.all(), [organisation.pk])
    return [str(pk) for pk in scoped.values_list("pk", flat=True).order_by("pk")]


# --- report pages and their exports --------------------------------------------------------------


def report_params(org1, org2):
    programmes = [str(pk) for pk in Programme.objects.values_list("pk", flat=True)]
    organisations = st.sampled_from([str(org1.pk), str(org2.pk)])
    return st.fixed_dictionaries(
        {},
        optional={
            "start": repeated(st.one_of(BAD_DATES, st.just("2000-01-01"), ANY)),
            "end": repeated(st.one_of(BAD_DATES, st.just("2100-12-31"), ANY)),
            "organisation": repeated(st.one_of(organisations, NUMBERS, JUNK)),
            "programme": repeated(st.one_of(st.sampled_from([*programmes, "one_to_one"]), ANY)),
            "format": repeated(st.one_of(st.sampled_from(["csv", "xlsx", "pdf", "CSV"]), JUNK)),
            "year": repeated(st.one_of(YEARS, JUNK)),
            "page": JUNK,
        },
    )


def expected_scope(params, org1):
    """The period and scope org1's coordinator should get: the same form, over org1 only."""
    query = QueryDict(urlencode(params, doseq=True))
    form = ReportFilterForm(query or None, organisations=Organisation.objects.filter(pk=org1.pk))
    return form.period(), Scope(organisation_ids=(org1.pk,), programme=form.programme_value())


def expected_page(area, params, org1):
    period, scope = expected_scope(params, org1)
    with translation.override("da"):
        return pages.BUILDERS[area](period, scope)


def report_url(area):
    if area == "overview":
        return reverse("reports:overview")
    return reverse("reports:area", args=[area])


@pytest.mark.parametrize("area", list(pages.AREAS))
def test_report_pages_and_exports(signed_in, org1, org2, area):
    client = signed_in
    url = report_url(area)

    @FEW
    @given(report_params(org1, org2))
    @example({"start": "0001-01-01"})  # was a 500: before year 1 in UTC
    @example({"end": "9999-12-31", "format": "xlsx"})  # was a 500: the day after does not exist
    @example({"start": "0001-01-01", "end": "9999-12-31", "format": "csv"})
    @example({"organisation": str(org2.pk), "format": "csv"})
    @id_examples("organisation")
    def run(params):
        response = get(client, url, params)
        assert response.status_code == 200
        expected = expected_page(area, params, org1)
        fmt = last(params, "format")
        if fmt in ("csv", "xlsx"):
            assert cells(response) == cells(exports.export(expected.all_tables, "x", fmt))
        else:
            assert_escaped(response)
            page = response.context["page"]
            period = response.context["period"]
            assert 2000 <= period.start.year <= period.end.year <= 2100
            shown = [(t.key, t.rows) for t in page.all_tables]
            assert shown == [(t.key, t.rows) for t in expected.all_tables]
        assert not leaks(response, params)

    run()


def test_a_date_outside_the_report_years_is_refused_at_the_field(coordinator_client):
    response = coordinator_client.get(reverse("reports:overview"), {"start": "0001-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == ["Vælg en dato i årene 2000 til 2100."]
    assert "Vælg en dato i årene 2000 til 2100." in response.text
    response = coordinator_client.get(report_url("support"), {"end": "9999-12-31", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_unknown_report_areas_are_not_found(signed_in):
    @FEW
    @given(st.one_of(st.from_regex(r"[a-zA-Z0-9_-]{1,30}", fullmatch=True), JUNK))
    def run(area):
        if isinstance(area, list) or area in (*pages.AREAS, "aktivitetstal", "evaluering"):
            return
        url = reverse("reports:overview") + quote(area, safe="") + "/"
        assert get(signed_in, url).status_code == 404

    run()


def test_funder_sheet(signed_in, org1, org2):
    @FUZZ
    @given(report_params(org1, org2))
    @example({"year": "2000", "organisation": str(org2.pk), "format": "csv"})
    @example({"year": "-2025"})
    @example({"year": HUGE})
    @id_examples("organisation")
    def run(params):
        response = get(signed_in, reverse("reports:funder"), params)
        if response.status_code != 200:
            assert response.status_code == 404
            return
        # The file name is in the reader's language ("aktivitetstal-2025.xlsx"); the year ends it.
        year = int(re.search(r"(\d{4})\.(?:csv|xlsx)", response["Content-Disposition"])[1])
        assert 2000 <= year <= 2100
        _period, scope = expected_scope(params, org1)
        fmt = "xlsx" if response["Content-Type"].startswith(exports.XLSX) else "csv"
        with translation.override("da"):
            expected = exports.export([pages.funder_table(year, scope)], "x", fmt)
        assert cells(response) == cells(expected)
        assert not leaks(response, params)

    run()


def test_evaluation_export(client, org1, org2, coordinator1, data):
    """Organisation admins only; coordinators are refused whatever they send."""
    organisation_admin = UserFactory(email="leder1@example.test")
    set_membership(user=organisation_admin, organisation=org1, role="admin")
    url = reverse("reports:evaluation")

    @FEW
    @given(report_params(org1, org2))
    @example({"organisation": str(org2.pk), "format": "xlsx"})
    @id_examples("organisation")
    def run(params):
        client.force_login(coordinator1)
        assert get(client, url, params).status_code == 403
        client.force_login(organisation_admin)
        response = get(client, url, params)
        assert response.status_code == 200
        _period, scope = expected_scope(params, org1)
        fmt = "xlsx" if response["Content-Type"].startswith(exports.XLSX) else "csv"
        with translation.override("da"):
            expected = exports.export([exports.evaluation_table(scope)], "x", fmt)
        assert cells(response) == cells(expected)
        text = body(response)
        assert org2.name not in text
        if scope.one_to_one:
            assert org1.name in text  # org1's own answers are there

    run()


# --- the admin's own views ------------------------------------------------------------------------


def test_batch_proposal_view(signed_in, org1, org2):
    url = reverse("admin:matching_supportrequest_batch")
    requests = {o: ids(SupportRequest, o) for o in (org1, org2)}
    guides = {o: ids(PeerGuide, o) for o in (org1, org2)}
    pair_ids = st.one_of(
        st.sampled_from(requests[org1] + requests[org2] + guides[org1] + guides[org2]), NUMBERS
    )
    pairs = st.one_of(st.builds(lambda a, b: f"{a}:{b}", pair_ids, pair_ids), JUNK)
    organisation = st.one_of(st.sampled_from([str(org1.pk), str(org2.pk), ""]), NUMBERS, JUNK)

    theirs = snapshot(org2)  # never changes, whatever org1's coordinator sends

    @FUZZ
    @given(
        st.fixed_dictionaries({}, optional={"organisation": repeated(organisation), "x": JUNK}),
        st.lists(pairs, max_size=4),
    )
    @example({"organisation": "abc"}, [])  # was a 500: an organisation id that is no number
    @example({"organisation": "\x00"}, [])
    @id_examples("organisation", extra=([],))
    @example({"organisation": str(org2.pk)}, [f"{requests[org2][0]}:{guides[org2][0]}"])
    @example(
        {}, [f"{requests[org1][0]}:{guides[org2][0]}", f"{requests[org2][0]}:{guides[org1][0]}"]
    )
    def run(query, chosen):
        page = get(signed_in, url, query)
        if page.status_code == 200:
            assert page.context["organisation"] == org1
            assert_escaped(page)
            assert not leaks(page, query)
        else:
            assert page.status_code == 404
        before = everything(org1) if page.status_code == 404 else None
        response = post(signed_in, f"{url}?{urlencode(query, doseq=True)}", {"pair": chosen})
        if page.status_code == 404:
            assert response.status_code == 404
            assert everything(org1) == before
        else:
            assert response.status_code == 302
        assert snapshot(org2) == theirs
        assert not Match.objects.filter(organisation=org1).exclude(guide__organisation=org1)

    run()


def test_propose_view(signed_in, org1, org2):
    requests = {o: [int(i) for i in ids(SupportRequest, o)] for o in (org1, org2)}
    guides = {o: [int(i) for i in ids(PeerGuide, o)] for o in (org1, org2)}
    numbers = st.integers(min_value=0, max_value=10**25)
    request_pk = st.one_of(st.sampled_from(requests[org1] + requests[org2]), numbers)
    guide_pk = st.one_of(st.sampled_from(guides[org1] + guides[org2]), numbers)

    theirs = snapshot(org2)

    @FUZZ
    @given(request_pk, guide_pk, st.booleans())
    @example(requests[org1][0], guides[org2][0], True)
    @example(requests[org2][0], guides[org2][0], True)
    def run(pk, guide, as_post):
        refused = not (as_post and pk in requests[org1] and guide in guides[org1])
        ours = everything(org1) if refused else None
        url = reverse("admin:matching_supportrequest_propose", args=[pk, guide])
        response = (post if as_post else get)(signed_in, url, {"score": "1e400"})
        if refused:
            assert response.status_code == 404
            assert everything(org1) == ours
        else:
            assert response.status_code == 302  # proposed, or refused by the service with a message
        assert snapshot(org2) == theirs

    run()


def test_end_match_view(signed_in, org1, org2):
    base = {"reason": "goals_reached", "closing_conversation_held": "yes", "note": ""}
    matches = {o: list(Match.objects.filter(organisation=o)) for o in (org1, org2)}

    theirs = snapshot(org2)

    @FUZZ
    @given(
        st.fixed_dictionaries({}, optional={k: repeated(ANY) for k in [*base, "status"]}),
        st.booleans(),
    )
    def run(values, ours):
        if ours:
            match = MatchFactory(
                guide=matches[org1][0].guide, request__participant__organisation=org1
            )
        else:
            match = matches[org2][0]
        before = rows(Match.objects.filter(pk=match.pk), match.history.all())
        url = reverse("admin:matching_match_end", args=[match.pk])
        assert get(signed_in, url).status_code == (200 if ours else 404)
        response = post(signed_in, url, {**base, **values})
        match.refresh_from_db()
        if not ours:
            assert response.status_code == 404
        elif match.status == "ended":
            assert response.status_code == 302
            match.full_clean()
        else:
            assert response.status_code == 200
            assert_escaped(response)
            assert rows(Match.objects.filter(pk=match.pk), match.history.all()) == before
        assert snapshot(org2) == theirs

    run()


def test_cohort_print_pages(signed_in, org1, org2, data):
    ours, theirs = data["ours"]["cohort"], data["theirs"]["cohort"]

    @FUZZ
    @given(
        st.dictionaries(st.sampled_from(["q", "o", "p", "cohort", "status", "pk"]), ANY),
        st.one_of(st.sampled_from([ours.pk, theirs.pk]), st.integers(0, 10**25)),
    )
    def run(query, pk):
        for name in ("admin:courses_cohort_participants", "admin:courses_cohort_attendance_sheet"):
            response = get(signed_in, reverse(name, args=[pk]), query)
            if pk == ours.pk:
                assert response.status_code == 200
                assert_escaped(response)
                assert not leaks(response, query)
            else:
                assert response.status_code == 404

    run()


def test_expiring_certificates_view(signed_in, org1):
    url = reverse("admin:volunteers_peerguide_expiring")

    @FUZZ
    @given(st.dictionaries(st.sampled_from(["q", "expiry", "organisation", "days", "o"]), ANY))
    def run(query):
        response = get(signed_in, url, query)
        assert response.status_code == 200
        assert_escaped(response)
        assert not leaks(response, query)
        assert "Anna" in response.text  # org1's expiring certificate is listed

    run()


def test_participant_trail_export_and_erase(signed_in, org1, org2):
    own = {int(pk) for pk in ids(Participant, org1)}
    ours = Participant.objects.filter(organisation=org1).first()
    theirs = Participant.objects.filter(organisation=org2).first()
    object_ids = st.one_of(
        st.sampled_from([str(ours.pk), str(theirs.pk)]),
        NUMBERS.filter(lambda v: v.strip()),
        st.text(min_size=1, max_size=20),
    )

    theirs_before = snapshot(org2)

    @FUZZ
    @given(
        object_ids,
        st.fixed_dictionaries(
            {}, optional={"confirm": st.one_of(JUNK, st.just("no")).filter(lambda v: v != "yes")}
        ),
    )
    @example(str(theirs.pk), {"confirm": "yes"})  # another organisation's: 404, nothing erased
    def run(object_id, data):
        path = quote(object_id, safe="")
        for view in ("trail", "export", "erase"):
            url = reverse(f"admin:participants_participant_{view}", args=["0"]).replace(
                "/0/", f"/{path}/", 1
            )
            response = get(signed_in, url, data)
            if is_id(unquote(object_id)) and int(unquote(object_id)) in own:
                assert response.status_code == 200
            else:
                assert response.status_code in (302, 404)  # unknown (302: a path Django tidies)
                assert not leaks(response, object_id)
            if view == "erase":
                assert post(signed_in, url, data).status_code == response.status_code
        # Opening or exporting org1's participant records who looked (AccessEvent), nothing more.
        assert snapshot(org2) == theirs_before
        assert not Participant.objects.filter(pk__in=own, anonymised_at__isnull=False).exists()

    run()


# --- admin actions --------------------------------------------------------------------------------


def action_names(model):
    model_admin = admin.site.get_model_admin(model)
    names = [getattr(a, "__name__", a) for a in model_admin.actions or []]
    return [*names, "delete_selected"]


ACTION_MODELS = [Match, Cohort, PeerGuide, WellbeingCheckIn, Participant, Qualification]


@pytest.mark.parametrize("model", ACTION_MODELS, ids=lambda m: m._meta.label)
def test_admin_actions(signed_in, org1, org2, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    names = action_names(model)
    last_declared = names[-2] if len(names) > 1 else names[0]  # a confirmation page's action
    own, other = ids(model, org1), ids(model, org2)
    assert own
    assert other
    selected = st.lists(st.one_of(st.sampled_from(own + other), NUMBERS, JUNK), max_size=4)
    confirm = st.one_of(st.sampled_from(["yes", "1", "on"]), JUNK)
    extra = {
        "index": st.one_of(st.sampled_from(["0", "1"]), ANY),
        "select_across": confirm,
        "confirm": confirm,
        "apply": confirm,
        "post": confirm,
        "reason": JUNK,
    }
    # The list's filters narrow what "select all" (select_across) acts on.
    organisations = st.sampled_from([str(org1.pk), str(org2.pk)])
    filters = {"q": ANY, "organisation__id__exact": st.one_of(organisations, ANY), "p": ANY}

    theirs = snapshot(org2)

    @FEW
    @given(
        st.one_of(st.sampled_from(names), JUNK),
        selected,
        st.fixed_dictionaries({}, optional=extra),
        st.fixed_dictionaries({}, optional=filters),
    )
    @example(names[0], ["abc"], {"index": "0"}, {})  # was a 500: an id that is no number
    @example(names[0], [HUGE], {}, {"q": "å" * 2727})  # refused, and too long to redirect to
    @example(names[0], [own[0], "\x00"], {"index": "0"}, {})
    @example(names[0], [own[0], HUGE], {}, {})  # was a 500 on SQLite: past 64 bits
    @example(names[-1], other, {"post": "yes", "index": "0"}, {})  # delete_selected
    @example(last_declared, other, {"confirm": "yes", "apply": "1", "post": "yes"}, {})
    @example(
        last_declared,
        own[:1],
        {"select_across": "1", "index": "0", "confirm": "yes", "apply": "1", "post": "yes"},
        {"organisation__id__exact": str(org2.pk)},
    )
    def run(action, chosen, values, query):
        refused = not chosen or not all(is_id(value) for value in chosen)
        ours = everything(org1) if refused else None
        data = {"action": action, "_selected_action": chosen, **values}
        path = f"{url}?{urlencode(query, doseq=True)}"
        response = post(signed_in, path, data)
        assert snapshot(org2) == theirs
        if refused:
            # 200: the list again, nothing ticked; 302: back to the list. Django will not redirect
            # to a URL longer than MAX_URL_REDIRECT_LENGTH and answers 400 instead (a search of
            # thousands of characters).
            too_long = len(path) > MAX_URL_REDIRECT_LENGTH
            assert response.status_code in ((200, 302, 400) if too_long else (200, 302))
            assert everything(org1) == ours
        if response.status_code == 200:
            assert_escaped(response)
            if response["Content-Type"].startswith("application/json"):
                exported = json.loads(response.content)
                assert THEIRS not in json.dumps(exported)
            else:
                assert not leaks(response, data)

    run()


def test_a_tick_that_is_no_id_changes_nothing_and_says_so(signed_in, org1):
    match = Match.objects.filter(organisation=org1).first()
    url = reverse("admin:matching_match_changelist")
    for junk in ("abc", "\x00", HUGE):
        response = signed_in.post(
            url,
            {"action": "pause_matches", "_selected_action": [match.pk, junk], "index": "0"},
            follow=True,
        )
        assert response.status_code == 200
        shown = [str(m) for m in response.context["messages"]]
        assert shown == ["Nogle af de valgte rækker kunne ikke findes. Intet er ændret."]
        assert Match.objects.get(pk=match.pk).status == "active"


# --- change lists ---------------------------------------------------------------------------------


def scoped_admin_models():
    return [
        model
        for model in apps.get_models()
        if is_scoped_model(model) and admin.site.is_registered(model)
    ]


def lookup_names(model, changelist):
    """The query-string parameters a change list reads: its filters' own parameters, the date
    hierarchy, search, ordering and paging, and raw lookups on its fields."""
    names = {"q", "o", "p", "all", "e", "_to_field", "_popup", "_facets", "pk", "id__in"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if changelist.date_hierarchy:
        names.update(f"{changelist.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    for field in model._meta.concrete_fields:
        if field.many_to_one:
            names.update({field.name, f"{field.name}__in", f"{field.name}__id__exact"})
        elif isinstance(field, models.CharField | models.TextField):
            names.add(f"{field.name}__exact")
        elif isinstance(field, models.DateField):
            names.update({f"{field.name}__gte", f"{field.name}__year"})
    names.add("organisation__memberships__user__password__startswith")  # not an allowed lookup
    return sorted(names)


@pytest.mark.parametrize("model", scoped_admin_models(), ids=lambda m: m._meta.label)
def test_change_lists(signed_in, coordinator1, org1, org2, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    first = get(signed_in, url)
    if not coordinator1.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        assert first.status_code == 403
        return
    assert first.status_code == 200
    own = set(scope_to_user(model.objects.all(), coordinator1).values_list("pk", flat=True))
    other = ids(model, org2)
    values = st.one_of(
        ANY,
        st.sampled_from([str(org1.pk), str(org2.pk), THEIRS, *other]),
        st.lists(st.integers(-20, 20), min_size=1, max_size=4).map(
            lambda n: ".".join(map(str, n))
        ),  # ordering
    )
    names = lookup_names(model, first.context["cl"])

    @FEW
    @given(st.dictionaries(st.sampled_from(names), repeated(values), max_size=4))
    def run(query):
        response = get(signed_in, url, query)
        if response.status_code == 302:
            assert response["Location"] == f"{url}?e=1", response["Location"]
            return
        if response.status_code == 400:  # a lookup the admin does not allow, or a bad _to_field
            return
        assert response.status_code == 200
        assert_escaped(response)
        changelist = response.context.get("cl")
        if changelist is not None:
            assert {obj.pk for obj in changelist.result_list} <= own
        assert not leaks(response, query)

    run()


CHANGE_LIST_REGRESSIONS = [
    # a year lookup on any date field, with facets counted while the page renders: were 500s
    ("volunteers.PeerGuide", {"application_consent_at__year": "1", "_facets": "1"}),
    ("volunteers.PeerGuide", {"application_consent_at__year": "2147483904", "_facets": "1"}),
    ("volunteers.PeerGuide", {"application_consent_at__month": str(2**63), "_facets": "1"}),
    ("volunteers.PeerGuide", {"municipality__id__exact": str(2**63), "_facets": "1"}),
    ("matching.Meeting", {"starts_at__year": "9999"}),  # the year after it does not exist
    ("matching.Meeting", {"starts_at__year": "1"}),  # before year 1 in UTC
    ("matching.Meeting", {"starts_at__year": "9999", "starts_at__month": "12"}),
    ("matching.Meeting", {"starts_at__year": HUGE}),  # past what a C integer holds
    ("volunteers.SupervisionSession", {"date__year": "9999"}),
    ("privacy.AccessEvent", {"at__year": "9999"}),
    ("courses.CohortSession", {"starts_at__year": "1"}),
    ("volunteers.Qualification", {"expires_on__year": "0"}),  # a year lookup outside the calendar
    ("matching.Meeting", {"note": "\x00"}),  # PostgreSQL refuses NUL in text
    ("volunteers.PeerGuide", {"status__exact": "\x00"}),
]
HUGE_ID_REGRESSIONS = [
    ("matching.Meeting", {"match": HUGE}),
    ("matching.Meeting", {"match__in": f"1,{HUGE}"}),
    ("volunteers.PeerGuide", {"experience_areas": HUGE}),
]


def changelist_url(label):
    model = apps.get_model(label)
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize(("label", "query"), CHANGE_LIST_REGRESSIONS)
def test_change_list_filters_that_were_500s_answer_e1(coordinator_client, label, query):
    url = changelist_url(label)
    response = coordinator_client.get(url, query)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


@pytest.mark.parametrize(("label", "query"), HUGE_ID_REGRESSIONS)
def test_an_id_past_64_bits_in_a_filter_finds_nothing(coordinator_client, label, query):
    """SQLite cannot bind it (was a 500): the admin's "?e=1". PostgreSQL finds no such row."""
    url = changelist_url(label)
    response = coordinator_client.get(url, query)
    if response.status_code == 302:
        assert response["Location"] == f"{url}?e=1"
    else:
        assert response.status_code == 200
        assert not response.context["cl"].result_list


def test_a_valid_date_hierarchy_near_the_ends_of_the_calendar_still_works(coordinator_client):
    url = reverse("admin:matching_meeting_changelist")
    for year in ("2", "9998"):
        query = {"starts_at__year": year, "starts_at__month": "12", "starts_at__day": "31"}
        assert coordinator_client.get(url, query).status_code == 200
