*******************************************************************
*   System-defined Include-files.                                 *
*******************************************************************
  INCLUDE lzsd_credittop.
  INCLUDE lzsd_creditUXX.
