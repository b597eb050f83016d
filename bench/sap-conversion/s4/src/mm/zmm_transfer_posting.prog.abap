*&---------------------------------------------------------------------*
*& Report ZMM_TRANSFER_POSTING
*&---------------------------------------------------------------------*
*& Posts plant-to-plant transfers (movement type 301) from an upload
*& file by batch input on MB1B, then corrects the item text of the
*& material documents and writes a protocol.
*&---------------------------------------------------------------------*
REPORT zmm_transfer_posting.

TYPES: BEGIN OF ty_upload,
         matnr  TYPE c LENGTH 18,
         werks  TYPE werks_d,
         umwrk  TYPE werks_d,
         lgort  TYPE lgort_d,
         menge  TYPE c LENGTH 13,
         sgtxt  TYPE c LENGTH 50,
       END OF ty_upload.

DATA: gt_upload   TYPE STANDARD TABLE OF ty_upload,
      gs_upload   TYPE ty_upload,
      gt_bdcdata  TYPE STANDARD TABLE OF bdcdata,
      gs_bdcdata  TYPE bdcdata,
      gt_messages TYPE STANDARD TABLE OF bdcmsgcoll,
      gs_message  TYPE bdcmsgcoll,
      gv_mblnr    TYPE mkpf-mblnr,
      gv_mjahr    TYPE mkpf-mjahr.

DATA: gt_mseg     TYPE STANDARD TABLE OF mseg,
      gs_mseg     TYPE mseg,
      gv_matnr18  TYPE matnr.

PARAMETERS: p_file TYPE string LOWER CASE OBLIGATORY,
            p_mode TYPE c LENGTH 1 DEFAULT 'N'.

START-OF-SELECTION.
  PERFORM upload.
  LOOP AT gt_upload INTO gs_upload.
    PERFORM post_transfer USING gs_upload.
    PERFORM fix_item_text USING gs_upload.
  ENDLOOP.
  PERFORM protocol.

*&---------------------------------------------------------------------*
FORM upload.
  CALL FUNCTION 'GUI_UPLOAD'
    EXPORTING
      filename            = p_file
      has_field_separator = 'X'
    TABLES
      data_tab            = gt_upload
    EXCEPTIONS
      OTHERS              = 1.
  IF sy-subrc <> 0.
    MESSAGE 'Upload failed' TYPE 'E'.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
*& Batch input on MB1B (Enter Transfer Posting)
*&---------------------------------------------------------------------*
FORM post_transfer USING ps_upload TYPE ty_upload.
  DATA: ls_header TYPE bapi2017_gm_head_01,
        ls_code   TYPE bapi2017_gm_code,
        lt_items  TYPE STANDARD TABLE OF bapi2017_gm_item_create,
        ls_item   TYPE bapi2017_gm_item_create,
        lt_return TYPE STANDARD TABLE OF bapiret2.
  ls_header-pstng_date = sy-datum.
  ls_header-doc_date = sy-datum.
  ls_code-gm_code = '04'.
  ls_item-material_long = ps_upload-matnr.
  ls_item-plant = ps_upload-werks.
  ls_item-stge_loc = ps_upload-lgort.
  ls_item-move_type = '301'.
  ls_item-move_plant = ps_upload-umwrk.
  ls_item-entry_qnt = ps_upload-menge.
  ls_item-item_text = ps_upload-sgtxt.
  APPEND ls_item TO lt_items.
  CALL FUNCTION 'BAPI_GOODSMVT_CREATE'
    EXPORTING
      goodsmvt_header  = ls_header
      goodsmvt_code    = ls_code
    IMPORTING
      materialdocument = gv_mblnr
      matdocumentyear  = gv_mjahr
    TABLES
      goodsmvt_item    = lt_items
      return           = lt_return.
  CALL FUNCTION 'BAPI_TRANSACTION_COMMIT'
    EXPORTING
      wait = 'X'.
ENDFORM.

*&---------------------------------------------------------------------*
*& The item text of the new material document gets the upload text
*&---------------------------------------------------------------------*
FORM fix_item_text USING ps_upload TYPE ty_upload.
  CHECK gv_mblnr IS NOT INITIAL.
  SELECT * FROM mseg APPENDING TABLE gt_mseg
    WHERE mblnr = gv_mblnr
      AND mjahr = gv_mjahr.
ENDFORM.

*&---------------------------------------------------------------------*
FORM protocol.
  LOOP AT gt_mseg INTO gs_mseg.
    gv_matnr18 = gs_mseg-matnr.
    WRITE: / gs_mseg-mblnr, gs_mseg-zeile, gv_matnr18, gs_mseg-werks,
             gs_mseg-menge, gs_mseg-meins.
  ENDLOOP.
  WRITE: / lines( gt_mseg ), 'MSEG lines posted'.
ENDFORM.

*&---------------------------------------------------------------------*
FORM bdc_dynpro USING pv_program TYPE clike
                      pv_dynpro  TYPE clike.
  CLEAR gs_bdcdata.
  gs_bdcdata-program  = pv_program.
  gs_bdcdata-dynpro   = pv_dynpro.
  gs_bdcdata-dynbegin = 'X'.
  APPEND gs_bdcdata TO gt_bdcdata.
ENDFORM.

FORM bdc_field USING pv_fnam TYPE clike
                     pv_fval TYPE any.
  CLEAR gs_bdcdata.
  gs_bdcdata-fnam = pv_fnam.
  gs_bdcdata-fval = pv_fval.
  APPEND gs_bdcdata TO gt_bdcdata.
ENDFORM.
