FUNCTION z_sd_credit_show.
*"----------------------------------------------------------------------
*"*"Local Interface:
*"  IMPORTING
*"     VALUE(IV_KUNNR) TYPE  KUNNR
*"----------------------------------------------------------------------
* Credit master data of the customer is changed in FD32 (KNKK)
  SET PARAMETER ID 'BPA' FIELD iv_kunnr.
  CALL TRANSACTION 'UKM_BP' AND SKIP FIRST SCREEN.
ENDFUNCTION.
