// `crmreco`: each verb runs one job once; `crmreco worker` runs them on schedules.
return await CrmReco.Worker.Cli.RunAsync(args);
