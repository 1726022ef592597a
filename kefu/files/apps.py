from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "kefu.files"
    label = "files"
    verbose_name = _("Customer files")

    def ready(self) -> None:
        from kefu.assessment.policies import register_ledger_rules
        from kefu.core.actions import register_action_labels
        from kefu.files.policies import FILE_LEDGER_RULES

        register_ledger_rules(FILE_LEDGER_RULES)
        register_action_labels(
            {
                "files.kind_preset_applied": _("File kind preset applied"),
                "files.file_opened": _("Customer file opened"),
                "files.file_updated": _("Customer file updated"),
                "files.item_checked": _("Checklist item checked"),
                "files.document_added": _("Scan added"),
                "files.handover_registered": _("Hand-over registered"),
                "files.handover_received": _("Hand-over received"),
                "files.violation_recorded": _("File violation recorded"),
                "files.violation_repeated": _("File violation counted again"),
                "files.violation_corrected": _("File violation corrected"),
                "files.file_read": _("Classified file read"),
                "files.document_read": _("Classified scan read"),
                "files.read_denied": _("Read of a classified file refused"),
                "files.access_applied": _("Access to a classified file applied for"),
                "files.access_decided": _("Access application decided"),
                "files.loan_requested": _("Paper file loan requested"),
                "files.loan_decided": _("Paper file loan decided"),
                "files.loan_returned": _("Paper file returned"),
                "files.import_uploaded": _("Customer import uploaded"),
                "files.import_confirmed": _("Customer import confirmed"),
                "files.customers_imported": _("Customers imported"),
                "files.exported": _("Customer files exported"),
                "files.destruction_requested": _("Destruction requested"),
                "files.file_destroyed": _("File destroyed"),
                "files.destruction_rejected": _("Destruction rejected"),
                "files.recording_destroyed": _("Call recording destroyed"),
                "files.recording_added": _("Call recording stored"),
                "files.recording_extracted": _("Call recording extracted (《录音存档记录表》)"),
                "files.recording_played": _("Call recording listened to"),
                "files.custody_inspected": _("Custody inspection recorded"),
                "files.finding_repaired": _("Inspection finding repaired"),
                "files.graded": _("Customer graded"),
                "files.file_exported": _("Customer file copied or exported"),
                "files.export_denied": _("Export refused"),
                "files.retention_preset_applied": _("Retention preset applied"),
            }
        )
