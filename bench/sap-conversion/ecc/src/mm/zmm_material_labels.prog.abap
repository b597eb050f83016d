*&---------------------------------------------------------------------*
*& Report ZMM_MATERIAL_LABELS
*&---------------------------------------------------------------------*
*& Writes the label file for the warehouse printers: one fixed-length
*& record per material and plant. Record layout agreed with the label
*& vendor: material 18, plant 4, description 40, bin key 23.
*&---------------------------------------------------------------------*
REPORT zmm_material_labels.

TABLES: mara, marc.

TYPES: BEGIN OF ty_label,
         matnr TYPE c LENGTH 18,
         werks TYPE c LENGTH 4,
         maktx TYPE c LENGTH 40,
         binkey TYPE c LENGTH 23,
         group TYPE c LENGTH 4,
       END OF ty_label.

DATA: gt_mara   TYPE STANDARD TABLE OF mara,
      gs_mara   TYPE mara,
      gt_marc   TYPE STANDARD TABLE OF marc,
      gs_marc   TYPE marc,
      gs_makt   TYPE makt,
      gs_label  TYPE ty_label,
      gt_label  TYPE STANDARD TABLE OF ty_label,
      gv_matnr  TYPE matnr,
      gv_text   TYPE string,
      gv_short  TYPE c LENGTH 10,
      gv_binkey TYPE c LENGTH 23.

SELECT-OPTIONS: s_matnr FOR mara-matnr,
                s_werks FOR marc-werks,
                s_mtart FOR mara-mtart.
PARAMETERS: p_file TYPE string LOWER CASE DEFAULT '/interfaces/labels/out.txt'.

START-OF-SELECTION.
  PERFORM select_materials.
  PERFORM build_labels.
  PERFORM write_file.

*&---------------------------------------------------------------------*
FORM select_materials.
  SELECT * FROM mara INTO TABLE gt_mara
    WHERE matnr IN s_matnr
      AND mtart IN s_mtart
      AND lvorm = space.
  CHECK gt_mara IS NOT INITIAL.
  SELECT * FROM marc INTO TABLE gt_marc
    FOR ALL ENTRIES IN gt_mara
    WHERE matnr = gt_mara-matnr
      AND werks IN s_werks.
  SORT gt_marc BY matnr werks.
ENDFORM.

*&---------------------------------------------------------------------*
FORM build_labels.
  LOOP AT gt_mara INTO gs_mara.
    gv_matnr = gs_mara-matnr.
    gv_text = gs_mara-matnr.
    gv_short = gs_mara-matnr+8(10).

    SELECT SINGLE * FROM makt INTO gs_makt
      WHERE matnr = gv_matnr
        AND spras = sy-langu.

    LOOP AT gt_marc INTO gs_marc WHERE matnr = gs_mara-matnr.
      CLEAR gs_label.
      gs_label-matnr = gs_mara-matnr.
      gs_label-werks = gs_marc-werks.
      gs_label-maktx = gs_makt-maktx.
      CONCATENATE gs_marc-matnr gs_marc-werks INTO gv_binkey SEPARATED BY '/'.
      gs_label-binkey = gv_binkey.
      gs_label-group = gv_short(4).
      APPEND gs_label TO gt_label.
    ENDLOOP.
  ENDLOOP.
  WRITE: / 'Labels built:', lines( gt_label ), 'last material', gv_text.
ENDFORM.

*&---------------------------------------------------------------------*
FORM write_file.
  OPEN DATASET p_file FOR OUTPUT IN TEXT MODE ENCODING DEFAULT.
  IF sy-subrc <> 0.
    MESSAGE 'Cannot open the label file' TYPE 'E'.
  ENDIF.
  LOOP AT gt_label INTO gs_label.
    TRANSFER gs_label TO p_file.
  ENDLOOP.
  CLOSE DATASET p_file.
ENDFORM.
