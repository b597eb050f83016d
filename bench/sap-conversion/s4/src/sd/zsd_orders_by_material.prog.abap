*&---------------------------------------------------------------------*
*& Report ZSD_ORDERS_BY_MATERIAL
*&---------------------------------------------------------------------*
*& Sales orders by material or by sold-to party, found through the SD
*& index tables (VAPMA: material, VAKPA: partner), newest first.
*&---------------------------------------------------------------------*
REPORT zsd_orders_by_material.

TYPES: BEGIN OF ty_hit,
         vbeln TYPE vbeln_va,
         posnr TYPE posnr_va,
         matnr TYPE matnr,
         kunnr TYPE kunnr,
         audat TYPE audat,
         vbtyp TYPE vbtypl,
       END OF ty_hit.

* The index row as the list shows it; named after the index table
TYPES: BEGIN OF vapma_row,
         matnr TYPE matnr,
         vbeln TYPE vbeln_va,
       END OF vapma_row.

DATA: gt_hits  TYPE STANDARD TABLE OF ty_hit,
      gs_hit   TYPE ty_hit,
      gt_rows  TYPE STANDARD TABLE OF vapma_row,
      gs_vakpa TYPE vakpa,
      gv_first TYPE vbeln_va,
      gv_label TYPE string.

PARAMETERS: p_matnr TYPE matnr,
            p_kunnr TYPE kunnr,
            p_vkorg TYPE vkorg DEFAULT '1000'.

START-OF-SELECTION.
  IF p_matnr IS NOT INITIAL.
    PERFORM by_material.
  ELSEIF p_kunnr IS NOT INITIAL.
    PERFORM by_partner.
  ENDIF.
  PERFORM show.

*&---------------------------------------------------------------------*
FORM by_material.
  SELECT a~vbeln a~posnr a~matnr b~kunnr b~audat b~vbtyp
    FROM vbap AS a INNER JOIN vbak AS b ON b~vbeln = a~vbeln
    INTO CORRESPONDING FIELDS OF TABLE gt_hits
    WHERE a~matnr = p_matnr
      AND b~vkorg = p_vkorg.
  gv_label = 'Orders for material (VAPMA)'.
ENDFORM.

*&---------------------------------------------------------------------*
FORM by_partner.
  SELECT b~vbeln p~kunnr AS kunde b~audat b~vbtyp
    FROM vbak AS b INNER JOIN vbpa AS p ON p~vbeln = b~vbeln
    INTO CORRESPONDING FIELDS OF gs_vakpa
    WHERE p~kunnr = p_kunnr
      AND p~parvw = 'AG'
      AND b~vkorg = p_vkorg.
    CLEAR gs_hit.
    gs_hit-vbeln = gs_vakpa-vbeln.
    gs_hit-kunnr = gs_vakpa-kunde.
    gs_hit-audat = gs_vakpa-audat.
    gs_hit-vbtyp = gs_vakpa-vbtyp.
    APPEND gs_hit TO gt_hits.
  ENDSELECT.
  gv_label = 'Orders for sold-to party'.
ENDFORM.

*&---------------------------------------------------------------------*
FORM show.
  SORT gt_hits BY audat DESCENDING vbeln.
  READ TABLE gt_hits INTO gs_hit INDEX 1.
  gv_first = gs_hit-vbeln.
  WRITE: / gv_label, 'newest:', gv_first.
  LOOP AT gt_hits INTO gs_hit.
    IF gs_hit-vbtyp = 'C'.
      WRITE: / gs_hit-vbeln, gs_hit-posnr, gs_hit-matnr, gs_hit-audat.
    ENDIF.
  ENDLOOP.
  LOOP AT gt_rows INTO DATA(ls_row).
    WRITE: / ls_row-matnr, ls_row-vbeln.
  ENDLOOP.
ENDFORM.
