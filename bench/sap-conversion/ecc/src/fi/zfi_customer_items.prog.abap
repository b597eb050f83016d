*&---------------------------------------------------------------------*
*& Report ZFI_CUSTOMER_ITEMS
*&---------------------------------------------------------------------*
*& Open and cleared customer items (BSID / BSAD) per customer, with a
*& mass change of the assignment field for the collections team.
*&---------------------------------------------------------------------*
REPORT zfi_customer_items.

TABLES: bsid, kna1.

TYPES: BEGIN OF ty_item,
         bukrs TYPE bsid-bukrs,
         kunnr TYPE bsid-kunnr,
         belnr TYPE bsid-belnr,
         gjahr TYPE bsid-gjahr,
         buzei TYPE bsid-buzei,
         zuonr TYPE bsid-zuonr,
         budat TYPE bsid-budat,
         dmbtr TYPE bsid-dmbtr,
         shkzg TYPE bsid-shkzg,
       END OF ty_item.

DATA: gt_open    TYPE STANDARD TABLE OF ty_item,
      gt_cleared TYPE STANDARD TABLE OF ty_item,
      gs_item    TYPE ty_item,
      gt_bsid    TYPE STANDARD TABLE OF bsid,
      gs_bsid    TYPE bsid,
      gt_bseg    TYPE STANDARD TABLE OF bseg,
      gv_total   TYPE bsid-dmbtr,
      gv_belnr   TYPE bsid-belnr.

SELECT-OPTIONS: s_kunnr FOR kna1-kunnr,
                s_budat FOR bsid-budat.
PARAMETERS: p_bukrs TYPE bsid-bukrs OBLIGATORY,
            p_zuonr TYPE bsid-zuonr,
            p_test  AS CHECKBOX DEFAULT 'X'.

START-OF-SELECTION.
  PERFORM select_open.
  PERFORM select_cleared.
  PERFORM totals_per_customer.
  IF p_zuonr IS NOT INITIAL.
    PERFORM change_assignment.
  ENDIF.

*&---------------------------------------------------------------------*
FORM select_open.
  SELECT bukrs kunnr belnr gjahr buzei zuonr budat dmbtr shkzg
    FROM bsid
    INTO TABLE gt_open
    WHERE bukrs = p_bukrs
      AND kunnr IN s_kunnr
      AND budat IN s_budat.
ENDFORM.

*&---------------------------------------------------------------------*
FORM select_cleared.
  SELECT bukrs kunnr belnr gjahr buzei zuonr budat dmbtr shkzg
    FROM bsad
    INTO TABLE gt_cleared
    WHERE bukrs = p_bukrs
      AND kunnr IN s_kunnr
      AND budat IN s_budat
    ORDER BY PRIMARY KEY.
  DELETE ADJACENT DUPLICATES FROM gt_cleared COMPARING bukrs belnr gjahr.
ENDFORM.

*&---------------------------------------------------------------------*
*& Totals per customer: relies on the items coming sorted by customer
*&---------------------------------------------------------------------*
FORM totals_per_customer.
  LOOP AT gt_open INTO gs_item.
    AT NEW kunnr.
      CLEAR gv_total.
    ENDAT.
    IF gs_item-shkzg = 'S'.
      gv_total = gv_total + gs_item-dmbtr.
    ELSE.
      gv_total = gv_total - gs_item-dmbtr.
    ENDIF.
    AT END OF kunnr.
      WRITE: / gs_item-kunnr, gv_total.
    ENDAT.
  ENDLOOP.
ENDFORM.

*&---------------------------------------------------------------------*
*& Mass change of the assignment (ZUONR) of open items.
*&---------------------------------------------------------------------*
FORM change_assignment.
  LOOP AT gt_open INTO gs_item.
    IF p_test = 'X'.
      WRITE: / 'Test run, BSID not changed:', gs_item-belnr.
      CONTINUE.
    ENDIF.
    UPDATE bsid SET zuonr = p_zuonr
      WHERE bukrs = gs_item-bukrs
        AND kunnr = gs_item-kunnr
        AND belnr = gs_item-belnr
        AND gjahr = gs_item-gjahr
        AND buzei = gs_item-buzei.
    UPDATE bseg SET zuonr = p_zuonr
      WHERE bukrs = gs_item-bukrs
        AND belnr = gs_item-belnr
        AND gjahr = gs_item-gjahr
        AND buzei = gs_item-buzei.
  ENDLOOP.
  IF p_test = space.
    COMMIT WORK.
  ENDIF.
ENDFORM.

*&---------------------------------------------------------------------*
*& Line items of one document, for the detail popup
*&---------------------------------------------------------------------*
FORM document_items USING pv_belnr TYPE bsid-belnr
                          pv_gjahr TYPE bsid-gjahr.
  SELECT * FROM bseg INTO TABLE gt_bseg
    WHERE bukrs = p_bukrs
      AND belnr = pv_belnr
      AND gjahr = pv_gjahr.
  SELECT SINGLE * FROM bsid INTO gs_bsid
    WHERE bukrs = p_bukrs
      AND belnr = pv_belnr
      AND gjahr = pv_gjahr.
ENDFORM.
