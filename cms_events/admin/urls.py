"""The extension's admin URLs, registered under /admin/ by `wagtail_hooks`.

A page id has at most 18 digits: a longer number would overflow the database's integer (a 500
on SQLite) before the view could say 404.
"""

from django.urls import path, register_converter
from django.urls.converters import IntConverter

from cms_events.admin.check_in import (
    CheckInActionView,
    CheckInEventsView,
    CheckInView,
    PeopleView,
    WalkInView,
)
from cms_events.admin.data_subject import (
    DataSubjectEraseView,
    DataSubjectExportView,
    DataSubjectRequestsView,
)
from cms_events.admin.mail_preview import MailPreviewView
from cms_events.admin.notifications import NotifyRegistrantsView
from cms_events.admin.qr_codes import QRCodesView
from cms_events.admin.registrations import RegistrationsView
from cms_events.admin.series_preview import SeriesPreviewView
from cms_events.admin.sessions import SessionsView
from cms_events.admin.status import StatusChangeView


class PageIdConverter(IntConverter):
    regex = "[0-9]{1,18}"


register_converter(PageIdConverter, "cms_events_page_id")

urlpatterns = [
    path(
        "events/<cms_events_page_id:page_id>/status/",
        StatusChangeView.as_view(),
        name="cms_events_change_status",
    ),
    path(
        "events/<cms_events_page_id:page_id>/notify/",
        NotifyRegistrantsView.as_view(),
        name="cms_events_notify",
    ),
    path(
        "events/<cms_events_page_id:page_id>/registrations/",
        RegistrationsView.as_view(),
        name="cms_events_registrations",
    ),
    path(
        "events/<cms_events_page_id:page_id>/sessions/",
        SessionsView.as_view(),
        name="cms_events_sessions",
    ),
    path(
        "events/<cms_events_page_id:page_id>/mails/",
        MailPreviewView.as_view(),
        name="cms_events_mail_preview",
    ),
    path(
        "events/<cms_events_page_id:page_id>/qr-codes/",
        QRCodesView.as_view(),
        name="cms_events_qr_codes",
    ),
    path(
        "events/<cms_events_page_id:page_id>/series-preview/",
        SeriesPreviewView.as_view(),
        name="cms_events_series_preview",
    ),
    path(
        "events/new-below/<cms_events_page_id:parent_id>/series-preview/",
        SeriesPreviewView.as_view(),
        name="cms_events_series_preview_new",
    ),
    path(
        "events/check-in/",
        CheckInEventsView.as_view(),
        name="cms_events_check_in_events",
    ),
    path(
        "events/<cms_events_page_id:page_id>/check-in/",
        CheckInView.as_view(),
        name="cms_events_check_in",
    ),
    path(
        "events/<cms_events_page_id:page_id>/check-in/people/",
        PeopleView.as_view(),
        name="cms_events_check_in_people",
    ),
    path(
        "events/<cms_events_page_id:page_id>/check-in/check-in/",
        CheckInActionView.as_view(),
        name="cms_events_check_in_action",
    ),
    path(
        "events/<cms_events_page_id:page_id>/check-in/walk-in/",
        WalkInView.as_view(),
        name="cms_events_check_in_walk_in",
    ),
    path(
        "events/data-subject-requests/",
        DataSubjectRequestsView.as_view(),
        name="cms_events_data_subject",
    ),
    path(
        "events/data-subject-requests/export/",
        DataSubjectExportView.as_view(),
        name="cms_events_data_subject_export",
    ),
    path(
        "events/data-subject-requests/erase/",
        DataSubjectEraseView.as_view(),
        name="cms_events_data_subject_erase",
    ),
]
