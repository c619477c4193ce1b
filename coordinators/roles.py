"""What each role may do, as Django permissions ("app_label.codename").

Kept as data so the roles migration and the tests read the same source.
"""

_RECORDING = [
    "people.view_person",
    "people.add_person",
    "people.change_person",
    "people.view_introduction",
    "people.add_introduction",
    "people.change_introduction",
    "people.view_contact",
    "people.add_contact",
    "people.change_contact",
    "people.view_connection",
    "people.add_connection",
    "people.change_connection",
    "people.view_supportlevelchange",
    "people.add_supportlevelchange",
    "outcomes.view_outcome",
    "outcomes.add_outcome",
    "outcomes.change_outcome",
    "outcomes.delete_outcome",
    "outcomes.view_outcomestory",
    "outcomes.add_outcomestory",
    "outcomes.change_outcomestory",
    "outcomes.view_wellbeingcheck",
    "outcomes.add_wellbeingcheck",
    "outcomes.change_wellbeingcheck",
    "outcomes.delete_wellbeingcheck",
    "localities.view_communityasset",
    "localities.add_communityasset",
    "localities.change_communityasset",
]
_READ_CONFIGURATION = [
    "localities.view_locality",
    "localities.view_referralsource",
    "localities.view_theme",
    "localities.view_assetcategory",
    "people.view_closingreason",
    "outcomes.view_outcometype",
]

# Managers and administrators answer subject access requests.
_SUBJECT_ACCESS = ["coordinators.export_subject_access"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "Coordinator": _RECORDING + _READ_CONFIGURATION,
    "Manager": _RECORDING + _READ_CONFIGURATION + ["localities.view_dashboard"] + _SUBJECT_ACCESS,
    # Administrators configure everything in the Django admin, including people's records
    # (corrections), but do not read dashboards unless also given the Manager role.
    "Administrator": [
        f"{app}.{action}_{model}"
        for app, models in {
            "localities": [
                "locality",
                "referralsource",
                "theme",
                "assetcategory",
                "communityasset",
            ],
            "coordinators": ["user"],
            "people": [
                "person",
                "introduction",
                "contact",
                "connection",
                "closingreason",
                "supportlevelchange",
            ],
            "outcomes": ["outcometype", "outcome", "outcomestory", "wellbeingcheck"],
        }.items()
        for model in models
        for action in ("view", "add", "change", "delete")
    ]
    + ["auth.view_group"]
    # Administrators read the audit trail; only the app writes it.
    + ["auditlog.view_logentry"]
    + _SUBJECT_ACCESS,
}
