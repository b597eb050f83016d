*&---------------------------------------------------------------------*
*& Report ZFI_GL_RECONCILIATION
*&---------------------------------------------------------------------*
*& Compares new G/L totals (FAGLFLEXT) with the classic totals (GLT0)
*& and the line items (FAGLFLEXA), and the CO line items (COEP) with
*& the CO totals (COSP). Differences found in the test client are
*& written back as correction lines.
*&---------------------------------------------------------------------*
REPORT zfi_gl_reconciliation.

TYPES: BEGIN OF ty_diff,
         racct TYPE faglflext-racct,
         rbukrs TYPE faglflext-rbukrs,
         new_gl TYPE faglflext-hslvt,
         classic TYPE glt0-hslvt,
         items  TYPE faglflexa-hsl,
       END OF ty_diff.

DATA: gt_diff   TYPE STANDARD TABLE OF ty_diff,
      gs_diff   TYPE ty_diff,
      gt_flexa  TYPE STANDARD TABLE OF faglflexa,
      gs_flexa  TYPE faglflexa,
      gt_coep   TYPE STANDARD TABLE OF coep,
      gs_coep   TYPE coep,
      gv_totals TYPE faglflext-hslvt,
      gv_glt0   TYPE glt0-hslvt,
      gv_items  TYPE faglflexa-hsl,
      gv_cosp   TYPE cosp-wtg001,
      gv_coep   TYPE coep-wtgbtr.

PARAMETERS: p_bukrs TYPE bukrs OBLIGATORY,
            p_ryear TYPE gjahr OBLIGATORY,
            p_kokrs TYPE kokrs DEFAULT '1000',
            p_fix   AS CHECKBOX.
SELECT-OPTIONS: s_racct FOR gs_diff-racct.

START-OF-SELECTION.
  PERFORM compare_gl.
  PERFORM compare_co.
  IF p_fix = 'X'.
    PERFORM write_corrections.
  ENDIF.

*&---------------------------------------------------------------------*
FORM compare_gl.
  SELECT SUM( hslvt ) FROM faglflext INTO gv_totals
    WHERE rbukrs = p_bukrs
      AND ryear = p_ryear
      AND racct IN s_racct.
  SELECT SUM( hslvt ) FROM glt0 INTO gv_glt0
    WHERE bukrs = p_bukrs
      AND ryear = p_ryear
      AND racct IN s_racct.
  SELECT * FROM faglflexa INTO TABLE gt_flexa
    WHERE rbukrs = p_bukrs
      AND ryear = p_ryear
      AND racct IN s_racct.
  CLEAR gv_items.
  LOOP AT gt_flexa INTO gs_flexa.
    gv_items = gv_items + gs_flexa-hsl.
  ENDLOOP.
  IF gv_totals <> gv_items.
    gs_diff-rbukrs = p_bukrs.
    gs_diff-new_gl = gv_totals.
    gs_diff-classic = gv_glt0.
    gs_diff-items = gv_items.
    APPEND gs_diff TO gt_diff.
    WRITE: / 'FAGLFLEXT and FAGLFLEXA differ by', gv_totals - gv_items.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
FORM compare_co.
  SELECT SUM( wtg001 ) FROM cosp INTO gv_cosp
    WHERE gjahr = p_ryear
      AND wrttp = '04'.
  SELECT * FROM coep INTO TABLE gt_coep
    WHERE kokrs = p_kokrs
      AND gjahr = p_ryear
      AND wrttp = '04'.
  CLEAR gv_coep.
  LOOP AT gt_coep INTO gs_coep.
    gv_coep = gv_coep + gs_coep-wtgbtr.
  ENDLOOP.
  IF gv_cosp <> gv_coep.
    WRITE: / 'COSP and COEP differ by', gv_cosp - gv_coep.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
*& Correction lines (test clients only)
*&---------------------------------------------------------------------*
FORM write_corrections.
  DATA ls_new TYPE faglflexa.
  LOOP AT gt_diff INTO gs_diff.
    CLEAR ls_new.
    ls_new-rbukrs = gs_diff-rbukrs.
    ls_new-ryear = p_ryear.
    ls_new-racct = gs_diff-racct.
    ls_new-hsl = gs_diff-new_gl - gs_diff-items.
*   A journal entry instead of a line written into the ledger tables
    DATA: ls_header TYPE bapiache09,
          lt_gl     TYPE STANDARD TABLE OF bapiacgl09,
          ls_gl     TYPE bapiacgl09,
          lt_amount TYPE STANDARD TABLE OF bapiaccr09,
          ls_amount TYPE bapiaccr09,
          lt_return TYPE STANDARD TABLE OF bapiret2.
    CLEAR: ls_header, lt_gl, lt_amount.
    ls_header-comp_code = ls_new-rbukrs.
    ls_header-doc_date = sy-datum.
    ls_header-pstng_date = sy-datum.
    ls_gl-itemno_acc = 1.
    ls_gl-gl_account = ls_new-racct.
    APPEND ls_gl TO lt_gl.
    ls_amount-itemno_acc = 1.
    ls_amount-amt_doccur = ls_new-hsl.
    APPEND ls_amount TO lt_amount.
    CALL FUNCTION 'BAPI_ACC_DOCUMENT_POST'
      EXPORTING
        documentheader = ls_header
      TABLES
        accountgl      = lt_gl
        currencyamount = lt_amount
        return         = lt_return.
  ENDLOOP.
  CALL FUNCTION 'BAPI_TRANSACTION_COMMIT'.
ENDFORM.
