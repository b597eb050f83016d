*&---------------------------------------------------------------------*
*& Report ZMD_CUSTOMER_UPDATE
*&---------------------------------------------------------------------*
*& Updates search term and sales district of customers from the CRM
*& extract, by batch input on the customer master (XD02), and deletes
*& customers flagged in the extract.
*&---------------------------------------------------------------------*
REPORT zmd_customer_update.

TABLES kna1.

TYPES: BEGIN OF ty_change,
         kunnr TYPE kna1-kunnr,
         sortl TYPE kna1-sortl,
         vkorg TYPE knvv-vkorg,
         vtweg TYPE knvv-vtweg,
         spart TYPE knvv-spart,
         bzirk TYPE knvv-bzirk,
         loevm TYPE kna1-loevm,
       END OF ty_change.

CONSTANTS: gc_change  TYPE sy-tcode VALUE 'XD02',
           gc_display TYPE sy-tcode VALUE 'XD03'.

DATA: gt_change  TYPE STANDARD TABLE OF ty_change,
      gs_change  TYPE ty_change,
      gt_bdc     TYPE STANDARD TABLE OF bdcdata,
      gt_msg     TYPE STANDARD TABLE OF bdcmsgcoll,
      gs_kna1    TYPE kna1,
      gv_errors  TYPE i.

PARAMETERS: p_file TYPE string LOWER CASE OBLIGATORY,
            p_show AS CHECKBOX.

START-OF-SELECTION.
  PERFORM read_extract.
  LOOP AT gt_change INTO gs_change.
    SELECT SINGLE * FROM kna1 INTO gs_kna1 WHERE kunnr = gs_change-kunnr.
    IF sy-subrc <> 0.
      gv_errors = gv_errors + 1.
      CONTINUE.
    ENDIF.
    IF gs_change-loevm = 'X'.
      PERFORM flag_deletion USING gs_change-kunnr.
    ELSE.
      PERFORM change_customer USING gs_change.
    ENDIF.
  ENDLOOP.
  IF p_show = 'X' AND gs_change-kunnr IS NOT INITIAL.
    SET PARAMETER ID 'KUN' FIELD gs_change-kunnr.
    CALL TRANSACTION 'XD03' AND SKIP FIRST SCREEN.
  ENDIF.
  WRITE: / gv_errors, 'customers not found in KNA1'.

*&---------------------------------------------------------------------*
FORM read_extract.
  CALL FUNCTION 'GUI_UPLOAD'
    EXPORTING
      filename            = p_file
      has_field_separator = 'X'
    TABLES
      data_tab            = gt_change
    EXCEPTIONS
      OTHERS              = 1.
  IF sy-subrc <> 0.
    MESSAGE 'Extract could not be read' TYPE 'E'.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
*& Batch input on the customer master: address screen and sales area
*&---------------------------------------------------------------------*
FORM change_customer USING ps_change TYPE ty_change.
  DATA ls_bdc TYPE bdcdata.
  CLEAR gt_bdc.
  ls_bdc-program = 'SAPMF02D'.
  ls_bdc-dynpro = '0101'.
  ls_bdc-dynbegin = 'X'.
  APPEND ls_bdc TO gt_bdc.
  CLEAR ls_bdc.
  ls_bdc-fnam = 'RF02D-KUNNR'.
  ls_bdc-fval = ps_change-kunnr.
  APPEND ls_bdc TO gt_bdc.
  ls_bdc-fnam = 'RF02D-VKORG'.
  ls_bdc-fval = ps_change-vkorg.
  APPEND ls_bdc TO gt_bdc.
  ls_bdc-fnam = 'RF02D-D0110'.
  ls_bdc-fval = 'X'.
  APPEND ls_bdc TO gt_bdc.
  CLEAR ls_bdc.
  ls_bdc-program = 'SAPMF02D'.
  ls_bdc-dynpro = '0110'.
  ls_bdc-dynbegin = 'X'.
  APPEND ls_bdc TO gt_bdc.
  CLEAR ls_bdc.
  ls_bdc-fnam = 'KNA1-SORTL'.
  ls_bdc-fval = ps_change-sortl.
  APPEND ls_bdc TO gt_bdc.
  ls_bdc-fnam = 'BDC_OKCODE'.
  ls_bdc-fval = '=UPDA'.
  APPEND ls_bdc TO gt_bdc.
  CALL TRANSACTION gc_change USING gt_bdc MODE 'N' UPDATE 'S'
    MESSAGES INTO gt_msg.
  IF sy-subrc <> 0.
    gv_errors = gv_errors + 1.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
FORM flag_deletion USING pv_kunnr TYPE kna1-kunnr.
  UPDATE kna1 SET loevm = 'X'
    WHERE kunnr = pv_kunnr.
  UPDATE knvv SET loevm = 'X'
    WHERE kunnr = pv_kunnr.
ENDFORM.
