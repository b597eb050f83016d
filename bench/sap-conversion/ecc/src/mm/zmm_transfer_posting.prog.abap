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
      gv_matnr18  TYPE c LENGTH 18.

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
  CLEAR gt_bdcdata.
  PERFORM bdc_dynpro USING 'SAPMM07M' '0400'.
  PERFORM bdc_field  USING 'BDC_OKCODE' '/00'.
  PERFORM bdc_field  USING 'MKPF-BLDAT' sy-datum.
  PERFORM bdc_field  USING 'RM07M-BWARTWA' '301'.
  PERFORM bdc_field  USING 'RM07M-WERKS' ps_upload-werks.
  PERFORM bdc_field  USING 'RM07M-LGORT' ps_upload-lgort.
  PERFORM bdc_dynpro USING 'SAPMM07M' '0421'.
  PERFORM bdc_field  USING 'MSEG-MATNR(01)' ps_upload-matnr.
  PERFORM bdc_field  USING 'MSEG-ERFMG(01)' ps_upload-menge.
  PERFORM bdc_field  USING 'MSEG-UMWRK(01)' ps_upload-umwrk.
  PERFORM bdc_field  USING 'BDC_OKCODE' '=BU'.
  CALL TRANSACTION 'MB1B' USING gt_bdcdata MODE p_mode UPDATE 'S'
    MESSAGES INTO gt_messages.
  READ TABLE gt_messages INTO gs_message WITH KEY msgtyp = 'S' msgnr = '060'.
  IF sy-subrc = 0.
    gv_mblnr = gs_message-msgv1.
    gv_mjahr = sy-datum(4).
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
*& The item text of the new material document gets the upload text
*&---------------------------------------------------------------------*
FORM fix_item_text USING ps_upload TYPE ty_upload.
  CHECK gv_mblnr IS NOT INITIAL.
  UPDATE mseg SET sgtxt = ps_upload-sgtxt
    WHERE mblnr = gv_mblnr
      AND mjahr = gv_mjahr.
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
