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
    CALL TRANSACTION 'BP' AND SKIP FIRST SCREEN.
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
  DATA: lt_data   TYPE cvis_ei_extern_t,
        ls_data   TYPE cvis_ei_extern,
        ls_sales  TYPE cmds_ei_sales,
        lt_return TYPE bapiretm.
  ls_data-customer-header-object_instance-kunnr = ps_change-kunnr.
  ls_data-customer-header-object_task = 'U'.
  ls_data-customer-central_data-central-data-sortl = ps_change-sortl.
  ls_data-customer-central_data-central-datax-sortl = 'X'.
  ls_sales-task = 'U'.
  ls_sales-data_key-vkorg = ps_change-vkorg.
  ls_sales-data_key-vtweg = ps_change-vtweg.
  ls_sales-data_key-spart = ps_change-spart.
  ls_sales-data-bzirk = ps_change-bzirk.
  ls_sales-datax-bzirk = 'X'.
  APPEND ls_sales TO ls_data-customer-sales_data-sales.
  APPEND ls_data TO lt_data.
  cl_md_bp_maintain=>maintain( EXPORTING i_data   = lt_data
                               IMPORTING e_return = lt_return ).
  IF lt_return IS NOT INITIAL.
    gv_errors = gv_errors + 1.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
FORM flag_deletion USING pv_kunnr TYPE kna1-kunnr.
  DATA: lt_data   TYPE cvis_ei_extern_t,
        ls_data   TYPE cvis_ei_extern,
        lt_return TYPE bapiretm.
  ls_data-customer-header-object_instance-kunnr = pv_kunnr.
  ls_data-customer-header-object_task = 'U'.
  ls_data-customer-central_data-central-data-loevm = 'X'.
  ls_data-customer-central_data-central-datax-loevm = 'X'.
  APPEND ls_data TO lt_data.
  cl_md_bp_maintain=>maintain( EXPORTING i_data   = lt_data
                               IMPORTING e_return = lt_return ).
ENDFORM.
