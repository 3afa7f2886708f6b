from django.urls import path, register_converter

from gongkai.foi import views


class LetterFormat:
    regex = "html|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LetterFormat, "letterfmt")

app_name = "foi"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.submitted, name="submitted"),
    path("track/", views.track, name="track"),
    path("case/<str:tracking>/", views.case, name="case"),
    path(
        "case/<str:tracking>/supplement/",
        views.answer_supplement,
        name="answer-supplement",
    ),
    path(
        "case/<str:tracking>/letters/<int:pk>.<letterfmt:fmt>",
        views.applicant_letter,
        name="letter",
    ),
    path("case/<str:tracking>/files/<int:pk>/", views.applicant_file, name="file"),
    path("staff/", views.staff_home, name="staff-home"),
    path("staff/register/", views.staff_register, name="staff-register"),
    path("staff/repeats/", views.staff_repeats, name="staff-repeats"),
    path("staff/case/<int:pk>/", views.staff_case, name="staff-case"),
    path(
        "staff/case/<int:pk>/applicant/", views.staff_applicant, name="staff-applicant"
    ),
    path("staff/case/<int:pk>/id-proof/", views.staff_id_proof, name="staff-id-proof"),
    path(
        "staff/case/<int:pk>/reset-code/",
        views.staff_reset_code,
        name="staff-reset-code",
    ),
    path(
        "staff/case/<int:pk>/do/<slug:name>/", views.staff_action, name="staff-action"
    ),
    path(
        "staff/letters/<int:pk>.<letterfmt:fmt>",
        views.staff_letter,
        name="staff-letter",
    ),
    path("staff/files/<int:pk>/", views.staff_file, name="staff-file"),
]
