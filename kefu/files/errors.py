"""Error codes of the customer-files app (``files.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class FileNotFound(NotFound):
    default_code = "files.file_not_found"
    default_message = _("The customer file does not exist or you cannot see it.")


class KindNotFound(NotFound):
    default_code = "files.kind_not_found"
    default_message = _("The file kind does not exist at this site.")


class HandoverNotFound(NotFound):
    default_code = "files.handover_not_found"
    default_message = _("The hand-over line does not exist or you cannot see it.")


class PresetUnknown(InvalidInput):
    default_code = "files.preset_unknown"
    default_message = _("No checklist preset has this key.")


class VehicleRequired(InvalidInput):
    default_code = "files.vehicle_required"
    default_message = _("This kind of file is kept per vehicle: choose the vehicle.")


class WrongSite(InvalidInput):
    default_code = "files.wrong_site"
    default_message = _("The customer, vehicle or unit belongs to another site.")


class FileExists(Conflict):
    default_code = "files.file_exists"
    default_message = _("This customer or vehicle already has a file of this kind.")


class FileClosed(Conflict):
    default_code = "files.file_closed"
    default_message = _("The file has been destroyed.")


class ItemNotInFile(InvalidInput):
    default_code = "files.item_not_in_file"
    default_message = _("The checklist item does not belong to this file.")


class HandoverOpen(Conflict):
    default_code = "files.handover_open"
    default_message = _("A hand-over of this file is waiting for the keeper's confirmation.")


class HandoverNotOpen(Conflict):
    default_code = "files.handover_not_open"
    default_message = _("This hand-over has already been confirmed.")


class NotKeeper(NotAllowed):
    default_code = "files.not_keeper"
    default_message = _("Only the file keeper (客户档案管理员) may do this.")


class NotEnforcer(NotAllowed):
    default_code = "files.not_enforcer"
    default_message = _("Only the customer director (客户总监) records file violations.")


class RuleNotAllowed(InvalidInput):
    default_code = "files.rule_unknown"
    default_message = _("This is not a file-violation rule.")


class ScanEmpty(InvalidInput):
    default_code = "files.scan_empty"
    default_message = _("The scan is empty.")


class ScanTooLarge(InvalidInput):
    default_code = "files.scan_too_large"
    default_message = _("The scan is larger than the limit.")


class ScanTypeMismatch(InvalidInput):
    default_code = "files.scan_type_mismatch"
    default_message = _("The scan's content does not match its extension (PDF, JPEG, PNG, TIFF).")


class DocumentNotFound(NotFound):
    default_code = "files.document_not_found"
    default_message = _("The scan does not exist or you cannot see it.")


class ReadNotAllowed(NotAllowed):
    default_code = "files.read_not_allowed"
    default_message = _(
        "This file is classified (机密/绝密): reading it needs an approved access application."
    )


class AccessNotNeeded(InvalidInput):
    default_code = "files.access_not_needed"
    default_message = _("This file is not classified: no application is needed to read it.")


class AccessPending(Conflict):
    default_code = "files.access_pending"
    default_message = _("You already have an application for this file waiting for approval.")


class AccessNotFound(NotFound):
    default_code = "files.access_not_found"
    default_message = _("The access application does not exist or you cannot see it.")


class AccessDecided(Conflict):
    default_code = "files.access_decided"
    default_message = _("This application has already been decided.")


class NotApprover(NotAllowed):
    default_code = "files.not_approver"
    default_message = _(
        "Only the approver of this level may decide (机密: 客户服务部经理, 绝密: 总经理)."
    )


class OwnApplication(NotAllowed):
    default_code = "files.own_application"
    default_message = _("You cannot approve your own application.")


class AccessPeriodInvalid(InvalidInput):
    default_code = "files.access_period_invalid"
    default_message = _("An approval lasts from 1 to 30 days.")


class NotFileManager(NotAllowed):
    default_code = "files.not_manager"
    default_message = _("Only the file manager may review the access log.")


class LoanNotFound(NotFound):
    default_code = "files.loan_not_found"
    default_message = _("The loan does not exist or you cannot see it.")


class LoanTooLong(InvalidInput):
    default_code = "files.loan_too_long"
    default_message = _("A file is lent for 3 days at most.")


class LoanWrongState(Conflict):
    default_code = "files.loan_wrong_state"
    default_message = _("The loan is not in a state that allows this.")


class FileLent(Conflict):
    default_code = "files.file_lent"
    default_message = _("The paper file is lent out; it must be returned first.")


class NotLoanApprover(NotAllowed):
    default_code = "files.not_loan_approver"
    default_message = _("Only the 信息管理专员 approves loans.")


class ImportFileError(InvalidInput):
    """The file as a whole cannot be imported (corrupt, empty, unknown columns)."""

    default_code = "files.import_file_invalid"
    default_message = _("The file cannot be imported.")


class ImportUnreadable(ImportFileError):
    default_code = "files.import_unreadable"
    default_message = _("The file is not a readable .xlsx or CSV file.")


class ImportNoHeader(ImportFileError):
    default_code = "files.import_no_header"
    default_message = _("The first row must hold the column headers; 客户名称 is required.")


class ImportUnknownColumns(ImportFileError):
    default_code = "files.import_unknown_columns"
    default_message = _("Unknown columns in the first row: %(columns)s.")


class ImportRowsInvalid(InvalidInput):
    default_code = "files.import_rows_invalid"
    default_message = _("Some rows have errors; nothing was imported.")


class ImportNotFound(NotFound):
    default_code = "files.import_not_found"
    default_message = _("The import does not exist or you cannot see it.")


class ImportWrongState(Conflict):
    default_code = "files.import_wrong_state"
    default_message = _("The import has not been checked yet, has errors or has already run.")


class ImportTooLarge(InvalidInput):
    default_code = "files.import_too_large"
    default_message = _("The file is larger than the import limit.")


class NotImporter(NotAllowed):
    default_code = "files.not_importer"
    default_message = _("Importing and exporting customers needs the file keeper's right.")


class ImportNoRows(InvalidInput):
    default_code = "files.import_no_rows"
    default_message = _("The file has no data rows.")


class ImportConflict(Conflict):
    default_code = "files.import_conflict"
    default_message = _(
        "The data changed since the check (e.g. a plate was added meanwhile); nothing was "
        "imported. Check the file again."
    )


class NotExpired(Conflict):
    default_code = "files.not_expired"
    default_message = _("The file's retention period has not ended; it cannot be destroyed.")


class DestructionPending(Conflict):
    default_code = "files.destruction_pending"
    default_message = _("A destruction of this file is already waiting for approval.")


class DestructionNotFound(NotFound):
    default_code = "files.destruction_not_found"
    default_message = _("The destruction request does not exist or you cannot see it.")


class DestructionDecided(Conflict):
    default_code = "files.destruction_decided"
    default_message = _("This destruction request has already been decided.")


class NotDestructionApprover(NotAllowed):
    default_code = "files.not_destruction_approver"
    default_message = _("Only the 总经理 approves the destruction of files.")


# --- call recordings (seed 000 L35) -------------------------------------------------


class RecordingNotFound(NotFound):
    default_code = "files.recording_not_found"
    default_message = _("The call recording does not exist or you cannot see it.")


class ExtractionNotFound(NotFound):
    default_code = "files.extraction_not_found"
    default_message = _("The line of 《录音存档记录表》 does not exist or you cannot see it.")


class NotRecordingKeeper(NotAllowed):
    default_code = "files.not_recording_keeper"
    default_message = _("Only the staff who keep the call recordings may do this.")


class AudioEmpty(InvalidInput):
    default_code = "files.audio_empty"
    default_message = _("The recording is empty.")


class AudioTooLarge(InvalidInput):
    default_code = "files.audio_too_large"
    default_message = _("The recording is larger than the limit.")


class AudioTypeMismatch(InvalidInput):
    default_code = "files.audio_type_mismatch"
    default_message = _(
        "The recording's content does not match its extension (WAV, MP3, AMR, OGG, M4A)."
    )


class CallTimeInvalid(InvalidInput):
    default_code = "files.call_time_invalid"
    default_message = _("The call time cannot be in the future.")


class ExtractionIncomplete(InvalidInput):
    default_code = "files.extraction_incomplete"
    default_message = _("State why the recording is extracted and where the copy is kept.")


class RecordingDestroyed(Conflict):
    default_code = "files.recording_destroyed"
    default_message = _("The recording has been destroyed.")


class RecordingHeld(Conflict):
    default_code = "files.recording_held"
    default_message = _(
        "The recording belongs to a request that is not finished; it is kept until the "
        "request is closed (extract it to keep it for good)."
    )


# --- custody inspections (seed 000 L487–491) ------------------------------------------


class InspectionNotFound(NotFound):
    default_code = "files.inspection_not_found"
    default_message = _("The custody inspection does not exist or you cannot see it.")


class FindingNotFound(NotFound):
    default_code = "files.finding_not_found"
    default_message = _("The finding does not belong to this inspection.")


class InspectionDateInvalid(InvalidInput):
    default_code = "files.inspection_date_invalid"
    default_message = _("An inspection cannot be recorded for a day in the future.")


class RepairRequired(InvalidInput):
    default_code = "files.repair_required"
    default_message = _("Describe the repair.")


class FindingRepaired(Conflict):
    default_code = "files.finding_repaired"
    default_message = _("This finding has already been repaired.")


# --- grading --------------------------------------------------------------------------


class NotGrader(NotAllowed):
    default_code = "files.not_grader"
    default_message = _("Only the staff who grade customers at this site may do this.")


class GradeInvalid(InvalidInput):
    default_code = "files.grade_invalid"
    default_message = _("This grade is not one of the site's grades.")


class GradeReasonRequired(InvalidInput):
    default_code = "files.grade_reason_required"
    default_message = _(
        "The grade differs from the one the site's rules give for this value and credit: "
        "state the reason."
    )


# --- copying, export and disclosure (seed 000 L525–529) -------------------------------


class ExportNotAllowed(NotAllowed):
    default_code = "files.export_not_allowed"
    default_message = _(
        "Copying or exporting this classified file needs an approved application "
        "(机密: 客户信息主管 or 总经理, 绝密: 总经理)."
    )


class DisclosureNotApproved(NotAllowed):
    default_code = "files.disclosure_not_approved"
    default_message = _(
        "Giving customer data to a third party needs an application approved by both the "
        "客户信息主管 and the 客户服务部经理."
    )


class RecipientRequired(InvalidInput):
    default_code = "files.recipient_required"
    default_message = _("Name the third party the data is given to.")


class SecondApproverRequired(Conflict):
    default_code = "files.second_approver_required"
    default_message = _(
        "You have already approved this disclosure; a second approver must approve it too."
    )
